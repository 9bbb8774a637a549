package io.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.UploadPhase;
import io.ferry.client.UploadProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressFormatTest {
    @Test
    void shouldPrintSizesInBinaryUnits() {
        assertThat(ProgressFormat.bytes(0)).isEqualTo("0 B");
        assertThat(ProgressFormat.bytes(1023)).isEqualTo("1023 B");
        assertThat(ProgressFormat.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressFormat.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(ProgressFormat.bytes(150L * 1024 * 1024)).isEqualTo("150 MiB");
    }

    @Test
    void shouldPrintEtaInSecondsMinutesOrHours() {
        assertThat(ProgressFormat.eta(null)).isEqualTo("--");
        assertThat(ProgressFormat.eta(Duration.ofMillis(1500))).isEqualTo("2s");
        assertThat(ProgressFormat.eta(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(ProgressFormat.eta(Duration.ofSeconds(7620))).isEqualTo("2h07m");
    }

    @Test
    void shouldDrawABarOfFixedWidth() {
        assertThat(ProgressFormat.bar(0, 10)).isEqualTo("[>         ]");
        assertThat(ProgressFormat.bar(0.5, 10)).isEqualTo("[#####>    ]");
        assertThat(ProgressFormat.bar(1, 10)).isEqualTo("[##########]");
        assertThat(ProgressFormat.percent(0.456)).isEqualTo(" 45%");
    }

    @Test
    void shouldShowBytesPercentRateAndEtaOnOneLine() {
        UploadProgress progress = new UploadProgress("id", "video.mp4", 4 * 1024 * 1024, UploadPhase.SENDING,
                1024 * 1024, 1024 * 1024, 0, 1024 * 1024);

        String line = ProgressFormat.line(progress, 12, 10);

        assertThat(line).isEqualTo("video.mp4    [##>       ]  25%  1.0 MiB/4.0 MiB  1.0 MiB/s  ETA 3s");
        assertThat(progress.eta()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldShortenLongNamesInTheMiddle() {
        assertThat(ProgressFormat.fit("abcdefghijklmnop", 9)).isEqualTo("abcd…mnop");
        assertThat(ProgressFormat.fit("abc", 5)).isEqualTo("abc  ");
    }
}
