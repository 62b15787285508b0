//! Reads a docket release's Parquet files with the `parquet` crate: the
//! schema as Arrow sees it, the dataset version from the file metadata, and
//! the first records.
//!
//! ```sh
//! cargo run --example read_parquet -- dist/2.0.0
//! ```

use std::error::Error;
use std::fs::File;
use std::path::PathBuf;

use arrow_array::cast::AsArray;
use arrow_array::Array;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn main() -> Result<(), Box<dyn Error>> {
    let release = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "dist/2.0.0".into()),
    );
    for collection in ["documents", "recommendations", "organizations", "treaties"] {
        let path = release
            .join("parquet")
            .join(format!("{collection}.parquet"));
        let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(&path)?)?;
        let metadata = builder.metadata().file_metadata();
        let version = metadata
            .key_value_metadata()
            .and_then(|kv| kv.iter().find(|kv| kv.key == "docket.dataset_version"))
            .and_then(|kv| kv.value.clone())
            .unwrap_or_default();
        println!(
            "{collection}: {} rows, dataset version {version}",
            metadata.num_rows()
        );
        for field in builder.schema().fields() {
            let description = field
                .metadata()
                .get("description")
                .map(String::as_str)
                .unwrap_or("");
            let short: String = description.chars().take(60).collect();
            let mut kind = field.data_type().to_string();
            if kind.len() > 38 {
                kind = format!("{}…", kind.chars().take(37).collect::<String>());
            }
            println!("  {:<20} {kind:<40} {short}", field.name());
        }
        if collection == "recommendations" {
            let mut reader = builder.with_batch_size(3).build()?;
            if let Some(batch) = reader.next().transpose()? {
                let ids = batch
                    .column_by_name("id")
                    .ok_or("no id column")?
                    .as_string::<i32>();
                let texts = batch
                    .column_by_name("text")
                    .ok_or("no text column")?
                    .as_string::<i32>();
                for i in 0..batch.num_rows().min(ids.len()) {
                    let text: String = texts.value(i).chars().take(70).collect();
                    println!("  - {}: {text}…", ids.value(i));
                }
            }
        }
    }
    Ok(())
}
