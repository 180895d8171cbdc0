package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jwsgi.testing.MultipartBody;

/**
 * {@code sample-webapp.war} deployed into a real Tomcat (the {@code tomcat.dist.version}
 * distribution, a child process) under {@code /sample-webapp}: the shared {@link SampleContract}
 * plus what only a container shows.
 */
class TomcatWarIT implements SampleContract {

    private static TomcatProcess tomcat;

    @BeforeAll
    static void startTomcat() throws Exception {
        tomcat = TomcatProcess.start(Path.of(System.getProperty("sample.war")));
    }

    @AfterAll
    static void stopTomcat() throws Exception {
        if (tomcat != null) {
            tomcat.close();
            // SIGTERM ran Tomcat's shutdown hook: a graceful stop, not a kill
            assertThat(tomcat.console()).contains("Stopping service [Catalina]");
        }
    }

    @Override
    public URI base() {
        return tomcat.uri(TomcatProcess.CONTEXT + "/");
    }

    @Override
    public String scriptName() {
        return TomcatProcess.CONTEXT;
    }

    @Override
    public String serverSoftware() {
        return "Apache Tomcat/11.0.";
    }

    @Test
    void wsgiErrorsGoesToTheWebappsLog() throws Exception {
        MultipartBody body = new MultipartBody().file("file", "logged.txt", "text/plain", "log me".getBytes());
        HttpResponse<String> r = Http.post(base().resolve("upload"), body.contentType(), body.publisher());
        assertThat(r.statusCode()).isEqualTo(200);
        // ServletContext.log goes to logs/localhost.DATE.log through an asynchronous handler: poll for it
        await("the upload's line in Tomcat's localhost log").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> tomcat.logs("localhost.").contains("sample: upload \"logged.txt\" 6 bytes sha256="));
    }

    @Test
    void theBareContextPathServesTheHomePage() throws Exception {
        // Tomcat passes "/sample-webapp" (no slash) to the app with PATH_INFO "": SampleApp treats it as "/"
        HttpResponse<String> r = Http.get(tomcat.uri(TomcatProcess.CONTEXT));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("under <code id=\"script-name\">/sample-webapp</code>");
    }

    @Test
    void tomcatRefusesAnEncodedSlashBeforeTheApp() throws Exception {
        // docs/deployment.md: Tomcat's encodedSolidusHandling=reject answers 400 itself; the app never sees it
        Http.RawResponse r = Http.raw(base(), "GET " + TomcatProcess.CONTEXT + "/static/..%2fSampleApp.class HTTP/1.1");
        assertThat(r.status()).isEqualTo(400);
        // not the app's own 400 (StaticFiles would name the ".." segment): Tomcat answered
        assertThat(r.body()).doesNotContain("the path has a");
    }
}
