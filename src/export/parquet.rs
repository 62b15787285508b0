//! Parquet: one file per collection with Arrow types taken from the schema
//! (dates as `date32`, lists as lists, enums dictionary-encoded (categories in
//! pandas), integers as `int64`, optional fields nullable), column
//! descriptions in field metadata, and the dataset version and JSON Schema
//! in the file metadata. zstd-compressed, with statistics.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, DictionaryArray, Int32Array, ListArray, RecordBatch, StringArray, StructArray,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field as ArrowField, Fields, Schema};
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde_json::Value;

use super::table::{Field, Kind};
use super::{Collection, Output, Stamp, WrittenFile};
use crate::{Error, Result};

/// The Arrow schema of a collection.
pub fn arrow_schema(collection: &Collection) -> Schema {
    Schema::new(
        collection
            .table
            .fields
            .iter()
            .map(arrow_field)
            .collect::<Vec<_>>(),
    )
}

fn arrow_field(field: &Field) -> ArrowField {
    let mut metadata = HashMap::new();
    if let Some(description) = &field.description {
        metadata.insert("description".to_owned(), description.clone());
    }
    ArrowField::new(&field.name, data_type(&field.kind), !field.required).with_metadata(metadata)
}

fn data_type(kind: &Kind) -> DataType {
    match kind {
        Kind::String | Kind::Json => DataType::Utf8,
        Kind::Date => DataType::Date32,
        Kind::Integer => DataType::Int64,
        Kind::Number => DataType::Float64,
        Kind::Boolean => DataType::Boolean,
        Kind::Enum(_) => DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
        Kind::List(item) => {
            DataType::List(Arc::new(ArrowField::new("item", data_type(item), false)))
        }
        Kind::Object(fields) => DataType::Struct(struct_fields(fields)),
        Kind::ListOfObjects(fields) => DataType::List(Arc::new(ArrowField::new(
            "item",
            DataType::Struct(struct_fields(fields)),
            false,
        ))),
    }
}

fn struct_fields(fields: &[Field]) -> Fields {
    fields.iter().map(arrow_field).collect::<Vec<_>>().into()
}

/// Rows per row group: readers can skip groups by their statistics, and the
/// writer holds at most one group in memory.
const ROW_GROUP: usize = 65_536;

/// A collection's Parquet file, written a batch at a time.
pub struct Writer<'c> {
    collection: &'c Collection,
    schema: Arc<Schema>,
    writer: ArrowWriter<Output>,
    path: String,
}

impl<'c> Writer<'c> {
    pub fn create(
        dir: &Path,
        relative: &str,
        collection: &'c Collection,
        stamp: &Stamp,
    ) -> Result<Writer<'c>> {
        let schema = Arc::new(arrow_schema(collection));
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_statistics_enabled(EnabledStatistics::Page)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_created_by(format!("docket {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![
                KeyValue::new(
                    "docket.collection".to_owned(),
                    collection.table.collection.clone(),
                ),
                KeyValue::new(
                    "docket.dataset_version".to_owned(),
                    stamp.version_text().to_owned(),
                ),
                KeyValue::new("docket.schema".to_owned(), collection.schema_text.clone()),
            ]))
            .build();
        let output = Output::create(dir, relative)?;
        let writer = ArrowWriter::try_new(output, schema.clone(), Some(properties))
            .map_err(|e| fail(relative, e.to_string()))?;
        Ok(Writer {
            collection,
            schema,
            writer,
            path: relative.to_owned(),
        })
    }

    pub fn push(&mut self, records: &[Value]) -> Result<()> {
        let columns = self
            .collection
            .table
            .fields
            .iter()
            .map(|field| {
                let values: Vec<Option<&Value>> = records
                    .iter()
                    .map(|r| r.get(&field.name).or(field.default.as_ref()))
                    .collect();
                build(&field.kind, &values)
            })
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| fail(&self.path, e))?;
        let batch = RecordBatch::try_new(self.schema.clone(), columns)
            .map_err(|e| fail(&self.path, e.to_string()))?;
        self.writer
            .write(&batch)
            .map_err(|e| fail(&self.path, e.to_string()))
    }

    pub fn finish(self) -> Result<WrittenFile> {
        let path = self.path.clone();
        // Writes the footer and hands back the file.
        let output = self
            .writer
            .into_inner()
            .map_err(|e| fail(&path, e.to_string()))?;
        output.finish()
    }
}

fn fail(path: &str, reason: String) -> Error {
    Error::Export(format!("cannot write `{path}`: {reason}"))
}

/// One Arrow array for the values of a field across records (or list items).
fn build(kind: &Kind, values: &[Option<&Value>]) -> Result<ArrayRef, String> {
    Ok(match kind {
        Kind::String => {
            let mut b = StringBuilder::new();
            for v in values {
                b.append_option(v.and_then(Value::as_str));
            }
            Arc::new(b.finish())
        }
        Kind::Json => {
            let mut b = StringBuilder::new();
            for v in values {
                b.append_option(v.map(|v| v.to_string()));
            }
            Arc::new(b.finish())
        }
        Kind::Date => {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            let mut b = Date32Builder::new();
            for v in values {
                let day = match v.and_then(Value::as_str) {
                    Some(text) => {
                        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                            .map_err(|e| format!("date `{text}`: {e}"))?;
                        Some((date - epoch).num_days() as i32)
                    }
                    None => None,
                };
                b.append_option(day);
            }
            Arc::new(b.finish())
        }
        Kind::Integer => {
            let mut b = Int64Builder::new();
            for v in values {
                b.append_option(v.and_then(Value::as_i64));
            }
            Arc::new(b.finish())
        }
        Kind::Number => {
            let mut b = Float64Builder::new();
            for v in values {
                b.append_option(v.and_then(Value::as_f64));
            }
            Arc::new(b.finish())
        }
        Kind::Boolean => {
            let mut b = BooleanBuilder::new();
            for v in values {
                b.append_option(v.and_then(Value::as_bool));
            }
            Arc::new(b.finish())
        }
        Kind::Enum(allowed) => {
            // Keys index the allowed values in schema order. Parquet keeps
            // only the values used, so readers' categories are those.
            let keys: Int32Array = values
                .iter()
                .map(|v| {
                    v.and_then(Value::as_str)
                        .and_then(|s| allowed.iter().position(|a| a == s))
                        .map(|i| i as i32)
                })
                .collect();
            let dictionary = Arc::new(StringArray::from(allowed.clone()));
            Arc::new(
                DictionaryArray::<Int32Type>::try_new(keys, dictionary)
                    .map_err(|e| e.to_string())?,
            )
        }
        Kind::List(item) => list(item, values)?,
        Kind::ListOfObjects(fields) => list(&Kind::Object(fields.clone()), values)?,
        Kind::Object(fields) => {
            let present: Vec<bool> = values
                .iter()
                .map(|v| v.is_some_and(Value::is_object))
                .collect();
            let children = fields
                .iter()
                .map(|f| {
                    let sub: Vec<Option<&Value>> = values
                        .iter()
                        .map(|v| {
                            v.map(|v| v.get(&f.name).or(f.default.as_ref()))
                                .unwrap_or_default()
                        })
                        .collect();
                    build(&f.kind, &sub)
                })
                .collect::<Result<Vec<_>, _>>()?;
            let nulls = (!present.iter().all(|p| *p)).then(|| present.into());
            Arc::new(
                StructArray::try_new(struct_fields(fields), children, nulls)
                    .map_err(|e| e.to_string())?,
            )
        }
    })
}

fn list(item: &Kind, values: &[Option<&Value>]) -> Result<ArrayRef, String> {
    let mut lengths = Vec::with_capacity(values.len());
    let mut flat: Vec<Option<&Value>> = Vec::new();
    let mut present = Vec::with_capacity(values.len());
    for v in values {
        let items = v.and_then(Value::as_array).map(Vec::as_slice);
        present.push(items.is_some());
        let items = items.unwrap_or_default();
        lengths.push(items.len());
        flat.extend(items.iter().map(Some));
    }
    let child = build(item, &flat)?;
    let field = Arc::new(ArrowField::new("item", data_type(item), false));
    let nulls = (!present.iter().all(|p| *p)).then(|| present.into());
    let array = ListArray::try_new(field, OffsetBuffer::from_lengths(lengths), child, nulls)
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(array))
}
