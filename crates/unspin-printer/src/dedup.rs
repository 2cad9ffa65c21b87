//! Writers of dedup results: Apache Parquet (JSON Lines is one serde line
//! per row).

use std::io::Write;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use unspin_index::DedupRow;

const SCHEMA: &str = "message unspin_dedup {
    REQUIRED BYTE_ARRAY id (UTF8);
    REQUIRED BYTE_ARRAY family (UTF8);
    REQUIRED BYTE_ARRAY role (UTF8);
    OPTIONAL BYTE_ARRAY verdict (UTF8);
    REQUIRED DOUBLE similarity;
}";

/// Rows per row group.
const GROUP: usize = 65_536;

/// Writes dedup rows as a Parquet file with the columns `id`, `family`,
/// `role` (`original` or `copy`), `verdict` (null for originals) and
/// `similarity`, Snappy-compressed.
pub fn dedup_parquet<W: Write + Send>(w: W, rows: &[DedupRow]) -> Result<(), ParquetError> {
    let schema = Arc::new(parse_message_type(SCHEMA)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("unspin {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let mut writer = SerializedFileWriter::new(w, schema, props)?;
    for group in rows.chunks(GROUP) {
        let mut rg = writer.next_row_group()?;
        let strings = |f: &dyn Fn(&DedupRow) -> &str| -> Vec<ByteArray> {
            group.iter().map(|r| ByteArray::from(f(r))).collect()
        };
        let columns: [Vec<ByteArray>; 3] = [
            strings(&|r| r.id.as_str()),
            strings(&|r| r.family.as_str()),
            strings(&|r| r.role.as_str()),
        ];
        for values in &columns {
            let mut col = rg.next_column()?.expect("schema column");
            col.typed::<ByteArrayType>()
                .write_batch(values, None, None)?;
            col.close()?;
        }
        let verdicts: Vec<ByteArray> = group
            .iter()
            .filter_map(|r| r.verdict.map(|v| ByteArray::from(v.as_str())))
            .collect();
        let defined: Vec<i16> = group
            .iter()
            .map(|r| i16::from(r.verdict.is_some()))
            .collect();
        let mut col = rg.next_column()?.expect("schema column");
        col.typed::<ByteArrayType>()
            .write_batch(&verdicts, Some(&defined), None)?;
        col.close()?;
        let sims: Vec<f64> = group.iter().map(|r| r.similarity).collect();
        let mut col = rg.next_column()?.expect("schema column");
        col.typed::<DoubleType>().write_batch(&sims, None, None)?;
        col.close()?;
        rg.close()?;
    }
    writer.close()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use unspin_align::CompareVerdict;
    use unspin_index::Role;

    #[test]
    fn round_trip() {
        let rows = vec![
            DedupRow {
                id: "a".into(),
                family: "a".into(),
                role: Role::Original,
                verdict: None,
                similarity: 1.0,
            },
            DedupRow {
                id: "b".into(),
                family: "a".into(),
                role: Role::Copy,
                verdict: Some(CompareVerdict::SpunCopy),
                similarity: 0.81,
            },
        ];
        let mut buf = Vec::new();
        dedup_parquet(&mut buf, &rows).unwrap();
        let reader = SerializedFileReader::new(bytes::Bytes::from(buf)).unwrap();
        assert_eq!(reader.metadata().file_metadata().num_rows(), 2);
        let got: Vec<String> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap().to_string())
            .collect();
        assert_eq!(
            got,
            [
                r#"{id: "a", family: "a", role: "original", verdict: null, similarity: 1.0}"#,
                r#"{id: "b", family: "a", role: "copy", verdict: "spun_copy", similarity: 0.81}"#
            ]
        );
    }
}
