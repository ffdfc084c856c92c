package dev.tokenguard.demo.client;

/**
 * The seed's shipping integration under load: users calling a carrier through a naive token cache
 * that renews on every 401. Prints a table and, as its last line, {@code RESULT {json}}.
 *
 * <p>Exit status: 0 after a run (whatever the users saw), 2 for a bad command line, 1 if the run
 * itself could not be carried out.
 */
public final class NaiveShippingClient {

    private NaiveShippingClient() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(ClientOptions.USAGE);
            return;
        }
        ClientOptions options;
        try {
            options = ClientOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("naive-client: " + e.getMessage());
            System.exit(2);
            return;
        }
        RunResult result = new LoadRun(options).run();
        ResultTable.print(options, result, System.out);
    }
}
