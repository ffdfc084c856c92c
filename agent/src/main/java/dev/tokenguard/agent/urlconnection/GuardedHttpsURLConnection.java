package dev.tokenguard.agent.urlconnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.ProtocolException;
import java.net.URL;
import java.security.Permission;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;

/**
 * The {@code https://} connection the application gets for a carrier host: an
 * {@code HttpsURLConnection}, so that casts and TLS settings keep working. The same forwards as
 * {@link GuardedHttpURLConnection}, plus the TLS methods: settings go to the JDK's connection that
 * holds the application's settings, session details come from the connection that answered (and
 * throw {@code IllegalStateException}, as before a connection exists, for an answer that tokenguard
 * served without one).
 *
 * <p>The forwards are repeated, not inherited: Java has single inheritance, and this class must
 * extend {@code HttpsURLConnection} (itself a subclass of {@code HttpURLConnection}) while
 * {@link GuardedHttpURLConnection} must extend {@code HttpURLConnection}, so neither can extend the
 * other and both must forward.
 */
final class GuardedHttpsURLConnection extends HttpsURLConnection implements GuardedConnection {

    private final CarrierCall call;

    GuardedHttpsURLConnection(CarrierCall call) {
        super(call.template().getURL());
        this.call = call;
    }

    // ---- TLS

    @Override
    public void setHostnameVerifier(HostnameVerifier verifier) {
        call.secureTemplate().setHostnameVerifier(verifier);
    }

    @Override
    public HostnameVerifier getHostnameVerifier() {
        return call.secureTemplate().getHostnameVerifier();
    }

    @Override
    public void setSSLSocketFactory(SSLSocketFactory factory) {
        call.secureTemplate().setSSLSocketFactory(factory);
    }

    @Override
    public SSLSocketFactory getSSLSocketFactory() {
        return call.secureTemplate().getSSLSocketFactory();
    }

    @Override
    public String getCipherSuite() {
        return call.secure().getCipherSuite();
    }

    @Override
    public Certificate[] getLocalCertificates() {
        return call.secure().getLocalCertificates();
    }

    @Override
    public Certificate[] getServerCertificates() throws SSLPeerUnverifiedException {
        return call.secure().getServerCertificates();
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        return call.secure().getPeerPrincipal();
    }

    @Override
    public Principal getLocalPrincipal() {
        return call.secure().getLocalPrincipal();
    }

    @Override
    public Optional<SSLSession> getSSLSession() {
        return call.secure().getSSLSession();
    }

    // ---- settings: kept and validated by the JDK's own connection (see CarrierCall)

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        call.setRequestMethod(method);
    }

    @Override
    public String getRequestMethod() {
        return call.template().getRequestMethod();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        call.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
        call.addRequestProperty(key, value);
    }

    @Override
    public String getRequestProperty(String key) {
        return call.template().getRequestProperty(key);
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
        return call.unconnected().getRequestProperties();
    }

    @Override
    public void setConnectTimeout(int timeout) {
        call.template().setConnectTimeout(timeout);
    }

    @Override
    public int getConnectTimeout() {
        return call.template().getConnectTimeout();
    }

    @Override
    public void setReadTimeout(int timeout) {
        call.template().setReadTimeout(timeout);
    }

    @Override
    public int getReadTimeout() {
        return call.template().getReadTimeout();
    }

    @Override
    public void setDoInput(boolean doInput) {
        call.unconnected().setDoInput(doInput);
    }

    @Override
    public boolean getDoInput() {
        return call.template().getDoInput();
    }

    @Override
    public void setDoOutput(boolean doOutput) {
        call.unconnected().setDoOutput(doOutput);
    }

    @Override
    public boolean getDoOutput() {
        return call.template().getDoOutput();
    }

    @Override
    public void setAllowUserInteraction(boolean allow) {
        call.unconnected().setAllowUserInteraction(allow);
    }

    @Override
    public boolean getAllowUserInteraction() {
        return call.template().getAllowUserInteraction();
    }

    @Override
    public void setUseCaches(boolean useCaches) {
        call.unconnected().setUseCaches(useCaches);
    }

    @Override
    public boolean getUseCaches() {
        return call.template().getUseCaches();
    }

    @Override
    public void setDefaultUseCaches(boolean defaultUseCaches) {
        call.template().setDefaultUseCaches(defaultUseCaches);
    }

    @Override
    public boolean getDefaultUseCaches() {
        return call.template().getDefaultUseCaches();
    }

    @Override
    public void setIfModifiedSince(long ifModifiedSince) {
        call.unconnected().setIfModifiedSince(ifModifiedSince);
    }

    @Override
    public long getIfModifiedSince() {
        return call.template().getIfModifiedSince();
    }

    @Override
    public void setInstanceFollowRedirects(boolean followRedirects) {
        call.template().setInstanceFollowRedirects(followRedirects);
    }

    @Override
    public boolean getInstanceFollowRedirects() {
        return call.template().getInstanceFollowRedirects();
    }

    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
        call.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setFixedLengthStreamingMode(long contentLength) {
        call.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setChunkedStreamingMode(int chunkLength) {
        call.setChunkedStreamingMode(chunkLength);
    }

    @Override
    public void setAuthenticator(Authenticator authenticator) {
        call.setAuthenticator(authenticator);
    }

    @Override
    public Permission getPermission() throws IOException {
        return call.template().getPermission();
    }

    // ---- the exchange (see CarrierCall); getContentType() and the like read getHeaderField(String)

    @Override
    public void connect() {
        call.connect();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return call.outputStream();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return call.response().inputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return call.errorStream();
    }

    @Override
    public int getResponseCode() throws IOException {
        return call.response().code();
    }

    @Override
    public String getResponseMessage() throws IOException {
        return call.response().message();
    }

    @Override
    public String getHeaderField(String name) {
        return call.response().headerField(name);
    }

    @Override
    public String getHeaderField(int n) {
        return call.response().headerField(n);
    }

    @Override
    public String getHeaderFieldKey(int n) {
        return call.response().headerFieldKey(n);
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        return call.response().headerFields();
    }

    @Override
    public URL getURL() {
        return call.url();
    }

    @Override
    public boolean usingProxy() {
        return call.usingProxy();
    }

    @Override
    public void disconnect() {
        call.disconnect();
    }

    @Override
    public String toString() {
        return call.template().toString();
    }
}
