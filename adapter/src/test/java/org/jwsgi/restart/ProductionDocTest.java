package org.jwsgi.restart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/production.md's nginx.conf is the one ZeroDowntimeIT runs, for what matters to a restart. */
class ProductionDocTest {

    @Test
    void theDocumentedNginxConfHasEveryUpstreamAndProxySettingTheTestRuns() throws Exception {
        String docs = Files.readString(Path.of("../docs/production.md"));
        Matcher block = Pattern.compile("```nginx\n(.*?)```", Pattern.DOTALL).matcher(docs);
        assertThat(block.find()).as("an nginx block in docs/production.md").isTrue();
        List<String> documented = block.group(1).lines().map(String::strip).toList();
        String tested = Nginx.config(Path.of("/tmp/x"), 8080, List.of(8001, 8002, 8003));
        List<String> settings = tested.lines().map(String::strip)
                .filter(l -> l.matches("(keepalive|server 127|proxy_(pass |http_version|set_header Connection"
                        + "|next_upstream)).*"))
                .toList();
        assertThat(settings).hasSizeGreaterThanOrEqualTo(9);
        assertThat(documented).containsAll(settings);
    }
}
