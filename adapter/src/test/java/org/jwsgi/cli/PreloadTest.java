package org.jwsgi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreloadTest {

    @Test
    void everyClassItLoadsStillExists() {
        ClassLoader loader = Preload.class.getClassLoader();
        assertThat(Preload.CLASSES).isNotEmpty().doesNotHaveDuplicates().allSatisfy(name -> {
            assertThat(Class.forName(name, false, loader)).as(name).isNotNull();
        });
    }
}
