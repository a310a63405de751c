package dev.tokenstorm.datasets.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.datasets.internal.parquet.ParquetColumn.PhysicalType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads the pyarrow-written fixtures of {@code src/test/resources/parquet} (made by
 * {@code generate_fixtures.py} there) and checks every value against what the script wrote.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ParquetFileTest {

  private static final List<String> KONTEXT_COLUMNS =
      List.of("image.bytes", "image.path", "instruction", "category");

  @TempDir Path dir;

  private static Path fixture(String name) {
    return ParquetFixtures.path(name);
  }

  private static List<List<Object>> readAll(ParquetFile file, List<String> columns)
      throws IOException {
    ParquetRows rows = file.rows(columns);
    List<List<Object>> result = new ArrayList<>();
    while (rows.next()) {
      assertThat(rows.rowIndex()).isEqualTo(result.size());
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        row.add(rows.get(i));
      }
      result.add(row);
    }
    return result;
  }

  private static BufferedImage image(Object bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream((byte[]) bytes));
  }

  private static String text(Object bytes) {
    return bytes == null ? null : new String((byte[]) bytes, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kontext-snappy-v1-dict.parquet", "kontext-gzip-v2-plain.parquet",
      "kontext-zstd-v2-dict.parquet", "kontext-uncompressed-v1-plain.parquet"})
  void kontextFixtureReadsWithEveryCodec(String name) throws IOException {
    byte[] jpeg = ParquetFixtures.jpeg();
    try (ParquetFile file = ParquetFile.open(fixture(name))) {
      assertThat(file.rowCount()).isEqualTo(5);
      assertThat(file.rowGroupCount()).isEqualTo(2);
      assertThat(file.columns()).extracting(ParquetColumn::name)
          .containsExactlyElementsOf(KONTEXT_COLUMNS);
      ParquetColumn bytes = file.column("image.bytes").orElseThrow();
      assertThat(bytes.path()).containsExactly("image", "bytes");
      assertThat(bytes.type()).isEqualTo(PhysicalType.BYTE_ARRAY);
      assertThat(bytes.maxDefinitionLevel()).isEqualTo(2);
      assertThat(bytes.maxRepetitionLevel()).isZero();

      List<List<Object>> rows = readAll(file, KONTEXT_COLUMNS);
      assertThat(rows).hasSize(5);
      assertThat(rows).extracting(row -> text(row.get(1)))
          .containsExactly("0000.png", "0001.jpg", "0002.png", "0003.jpg", null);
      assertThat(rows).extracting(row -> text(row.get(2)))
          .containsExactly(ParquetFixtures.KONTEXT_INSTRUCTIONS);
      assertThat(rows).extracting(row -> text(row.get(3)))
          .containsExactly("style", "local", "global", "style", "text");
      assertThat((byte[]) rows.get(1).get(0)).isEqualTo(jpeg);
      assertThat((byte[]) rows.get(3).get(0)).isEqualTo(jpeg);
      BufferedImage first = image(rows.get(0).get(0));
      assertThat(first.getWidth()).isEqualTo(30);
      assertThat(first.getHeight()).isEqualTo(20);
      assertThat(first.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0xC81E1E);
      BufferedImage third = image(rows.get(2).get(0));
      assertThat(third.getWidth()).isEqualTo(57);
      assertThat(third.getHeight()).isEqualTo(29);
      assertThat(image(rows.get(4).get(0)).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x1E1EC8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"types-v1.parquet", "types-v2.parquet"})
  void typesFixtureDecodesEveryValue(String name) throws IOException {
    try (ParquetFile file = ParquetFile.open(fixture(name))) {
      assertThat(file.rowGroupCount()).isEqualTo(3);
      assertThat(file.columns()).extracting(ParquetColumn::type).containsExactly(
          PhysicalType.INT64, PhysicalType.INT32, PhysicalType.BOOLEAN, PhysicalType.DOUBLE,
          PhysicalType.FLOAT, PhysicalType.BYTE_ARRAY, PhysicalType.FIXED_LEN_BYTE_ARRAY);
      assertThat(file.column("id").orElseThrow().maxDefinitionLevel()).isZero();
      assertThat(file.column("fixed").orElseThrow().typeLength()).isEqualTo(4);

      List<List<Object>> rows =
          readAll(file, file.columns().stream().map(ParquetColumn::name).toList());
      assertThat(rows).hasSize(100);
      for (int i = 0; i < 100; i++) {
        List<Object> row = rows.get(i);
        assertThat(row.get(0)).as("id of row %d", i).isEqualTo((long) i);
        assertThat(row.get(1)).as("small of row %d", i).isEqualTo(i % 5 == 0 ? null : i * 3);
        assertThat(row.get(2)).as("flag of row %d", i).isEqualTo(i % 7 == 0 ? null : i % 3 == 0);
        assertThat(row.get(3)).as("ratio of row %d", i).isEqualTo(i / 4.0);
        assertThat(row.get(4)).as("score of row %d", i).isEqualTo(i * 0.5f);
        assertThat(text(row.get(5))).as("label of row %d", i)
            .isEqualTo(i < 60 ? "label-" + (i % 4) : "unique-" + i);
        assertThat((byte[]) row.get(6)).as("fixed of row %d", i).isEqualTo(
            ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array());
      }
    }
  }

  @Test
  void rowsReadsSelectedColumnsInTheRequestedOrder() throws IOException {
    try (ParquetFile file = ParquetFile.open(fixture("types-v1.parquet"))) {
      ParquetRows rows = file.rows(List.of("label", "id"));
      assertThat(rows.next()).isTrue();
      assertThat(rows.string(0)).isEqualTo("label-0");
      assertThat(rows.string(1)).isEqualTo("0");
      assertThat(rows.bytes(1)).isNull();
      assertThat(rows.columns()).extracting(ParquetColumn::name).containsExactly("label", "id");
    }
  }

  @Test
  void listColumnIsRejectedNamingTheColumn() throws IOException {
    Path path = fixture("nested-list.parquet");
    try (ParquetFile file = ParquetFile.open(path)) {
      assertThat(file.column("tags.list.element").orElseThrow().maxRepetitionLevel())
          .isEqualTo(1);
      assertThatThrownBy(file::rows)
          .isInstanceOf(ParquetException.class)
          .hasMessageContaining("column 'tags.list.element'")
          .hasMessageContaining(path.toString())
          .hasMessageContaining("is a list");
      assertThat(readAll(file, List.of("id"))).containsExactly(List.of(1L), List.of(2L));
    }
  }

  @Test
  void unknownColumnIsRejectedListingTheColumns() throws IOException {
    try (ParquetFile file = ParquetFile.open(fixture("nested-list.parquet"))) {
      assertThatThrownBy(() -> file.rows(List.of("image")))
          .isInstanceOf(ParquetException.class)
          .hasMessageContaining("has no column 'image'")
          .hasMessageContaining("[id, tags.list.element]");
    }
  }

  @Test
  void unsupportedCodecIsRejected() throws IOException {
    Path path = fixture("lz4.parquet");
    try (ParquetFile file = ParquetFile.open(path)) {
      ParquetRows rows = file.rows();
      assertThatThrownBy(rows::next)
          .isInstanceOf(ParquetException.class)
          .hasMessageContaining("column 'id' of " + path)
          .hasMessageContaining("LZ4_RAW, which is not supported");
    }
  }

  @Test
  void unsupportedEncodingIsRejected() throws IOException {
    Path path = fixture("delta-encoding.parquet");
    try (ParquetFile file = ParquetFile.open(path)) {
      ParquetRows rows = file.rows();
      assertThatThrownBy(rows::next)
          .isInstanceOf(ParquetException.class)
          .hasMessageContaining("column 'id' of " + path)
          .hasMessageContaining("DELTA_BINARY_PACKED, which is not supported");
    }
  }

  @Test
  void fileWithoutMagicIsRejectedAsNotParquet() throws IOException {
    Path path = Files.writeString(dir.resolve("records.parquet"), "{\"image\": \"x\"}\n");
    assertThatThrownBy(() -> ParquetFile.open(path))
        .isInstanceOf(ParquetException.class)
        .hasMessage(path + " is not a Parquet file: it does not start and end with PAR1");
  }

  @Test
  void truncatedFileIsRejected() throws IOException {
    byte[] bytes = Files.readAllBytes(fixture("kontext-snappy-v1-dict.parquet"));
    Path path = dir.resolve("cut.parquet");
    Files.write(path, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ParquetFile.open(path))
        .isInstanceOf(ParquetException.class)
        .hasMessageContaining(path + " is not a Parquet file");
  }

  @Test
  void corruptPageIsRejectedNamingTheColumn() throws IOException {
    byte[] bytes = Files.readAllBytes(fixture("kontext-uncompressed-v1-plain.parquet"));
    Path path = dir.resolve("corrupt.parquet");
    // Overwrite the first page (header and values of image.bytes) after the leading magic.
    Arrays.fill(bytes, 4, 200, (byte) 0x7F);
    Files.write(path, bytes);
    try (ParquetFile file = ParquetFile.open(path)) {
      ParquetRows rows = file.rows(List.of("image.bytes"));
      assertThatThrownBy(rows::next)
          .isInstanceOf(ParquetException.class)
          .hasMessageContaining("column 'image.bytes' of " + path);
    }
  }
}
