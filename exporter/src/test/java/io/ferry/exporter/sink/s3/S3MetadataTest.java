package io.ferry.exporter.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.exporter.sink.ExportFile;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3MetadataTest {
    @Test
    void shouldCarryIdsDigestAndAsciiUserData() {
        ObjectNode userData = JsonNodeFactory.instance.objectNode().put("city", "Zürich").put("n", 1);
        FileMeta meta = new FileMeta("a.bin", 3L, null, null, null, userData);
        ExportFile file = new ExportFile(new TransferId("dev-1", "f1"), meta, 3, null);
        Sha256 sha = Sha256.digest(new byte[3]);

        Map<String, String> metadata = S3Metadata.of(file, sha);

        assertThat(metadata).containsEntry("clientid", "dev-1").containsEntry("fileid", "f1")
                .containsEntry("sha256", sha.hex()).containsEntry("user_data", "{\"city\":\"Z\\u00FCrich\",\"n\":1}");
        assertThat(String.join("", metadata.values())).matches("\\p{ASCII}*");
    }

    @Test
    void shouldPercentEncodeNonAsciiAndPercentInIds() {
        assertThat(S3Metadata.asciiHeaderValue("ü%/x\n")).isEqualTo("%C3%BC%25/x%0A");
    }

    @Test
    void shouldLeaveOutUserDataBeyondTheS3MetadataLimit() {
        ObjectNode userData = JsonNodeFactory.instance.objectNode().put("blob", "x".repeat(3000));
        FileMeta meta = new FileMeta("a.bin", null, null, null, null, userData);
        Map<String, String> metadata = S3Metadata.of(new ExportFile(new TransferId("c", "f"), meta, 0, null), null);

        assertThat(metadata).doesNotContainKey("user_data").containsEntry("user_data-omitted", "true")
                .doesNotContainKey("sha256");
    }
}
