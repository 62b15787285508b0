//! Parquet: one file per collection with Arrow types taken from the schema
//! (dates as `date32`, date-times as UTC microsecond timestamps, lists as
//! lists, objects as structs, enums dictionary-encoded (categories in
//! pandas), integers as `int64`, optional and nullable fields nullable,
//! anything without a faithful type as JSON text of Parquet's JSON logical
//! type), column descriptions and enums in field metadata, and the dataset
//! version and JSON Schema in the file metadata and the Arrow schema's
//! metadata (where pyarrow and polars look). zstd-compressed, with
//! statistics.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, DictionaryArray, Int32Array, ListArray, RecordBatch, StringArray, StructArray,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::extension::Json;
use arrow_schema::{DataType, Field as ArrowField, Fields, Schema, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde_json::Value;

use super::collection::Collection;
use super::convert;
use super::output::{Output, WrittenFile};
use super::stamp::Stamp;
use super::table::{Field, Kind};
use crate::error::{Error, Result};

/// The Arrow schema of a collection: its fields, then the column of
/// undeclared values when the schema allows any.
pub(crate) fn arrow_schema(collection: &Collection) -> Schema {
    let table = &collection.table;
    let mut fields: Vec<ArrowField> = table.fields.iter().map(arrow_field).collect();
    if let Some(extra) = &table.extra {
        let described = ArrowField::new(extra, DataType::Utf8, true).with_metadata(HashMap::from(
            [("description".to_owned(), EXTRA_DESCRIPTION.to_owned())],
        ));
        fields.push(described.with_extension_type(Json::default()));
    }
    Schema::new(fields)
}

/// The collection's name, the dataset version and the collection's JSON
/// Schema: what a reader of one Parquet file needs to know what it holds.
pub(crate) fn file_metadata(collection: &Collection, stamp: &Stamp) -> HashMap<String, String> {
    HashMap::from([
        (
            "docket.collection".to_owned(),
            collection.table.collection.clone(),
        ),
        (
            "docket.dataset_version".to_owned(),
            stamp.version_text().to_owned(),
        ),
        ("docket.schema".to_owned(), collection.schema_text.clone()),
    ])
}

/// What the column of undeclared values holds, for readers of the file.
pub(crate) const EXTRA_DESCRIPTION: &str = "Values the records carry that the schema allows but does not declare: a JSON object from each value's JSON pointer in the record to the value.";

fn arrow_field(field: &Field) -> ArrowField {
    let mut metadata = HashMap::new();
    if let Some(description) = &field.description {
        metadata.insert("description".to_owned(), description.clone());
    }
    if let Some(default) = &field.default {
        // Absent values are written as the default: say so to readers.
        metadata.insert("default".to_owned(), default.to_string());
    }
    if let Kind::Enum(values) = &field.kind {
        metadata.insert(
            "enum".to_owned(),
            serde_json::to_string(values).unwrap_or_default(),
        );
    }
    let plain = ArrowField::new(
        &field.name,
        data_type(&field.kind, field.item_null),
        field.optional(),
    )
    .with_metadata(metadata);
    match &field.kind {
        Kind::Json => plain.with_extension_type(Json::default()),
        _ => plain,
    }
}

/// A string field marked as JSON: Parquet's JSON logical type, which
/// pyarrow, polars and DuckDB read back as JSON.
fn json_field(name: &str, nullable: bool) -> ArrowField {
    ArrowField::new(name, DataType::Utf8, nullable).with_extension_type(Json::default())
}

/// The field of a list's items.
fn item_field(item: &Kind, nullable: bool) -> ArrowField {
    match item {
        Kind::Json => json_field("item", nullable),
        // Items of inner lists are nullable: the schema says nothing the
        // column type could keep about them.
        kind => ArrowField::new("item", data_type(kind, true), nullable),
    }
}

fn data_type(kind: &Kind, item_null: bool) -> DataType {
    match kind {
        Kind::String | Kind::Json => DataType::Utf8,
        Kind::Date => DataType::Date32,
        Kind::DateTime => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        Kind::Integer => DataType::Int64,
        Kind::Number => DataType::Float64,
        Kind::Boolean => DataType::Boolean,
        Kind::Enum(_) => DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
        Kind::List(item) => DataType::List(Arc::new(item_field(item, item_null))),
        Kind::Object(fields) => DataType::Struct(struct_fields(fields)),
        Kind::ListOfObjects(fields) => DataType::List(Arc::new(ArrowField::new(
            "item",
            DataType::Struct(struct_fields(fields)),
            item_null,
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
pub(crate) struct Writer<'c> {
    collection: &'c Collection,
    schema: Arc<Schema>,
    writer: ArrowWriter<Output>,
    path: String,
}

impl<'c> Writer<'c> {
    pub(crate) fn create(
        dir: &Path,
        relative: &str,
        collection: &'c Collection,
        stamp: &Stamp,
    ) -> Result<Writer<'c>> {
        let described = file_metadata(collection, stamp);
        // In the Arrow schema too: pyarrow's `schema.metadata` and polars
        // read it from there, not from the footer's key-value list.
        let schema = Arc::new(arrow_schema(collection).with_metadata(described.clone()));
        let mut footer: Vec<KeyValue> = described
            .into_iter()
            .map(|(key, value)| KeyValue::new(key, value))
            .collect();
        footer.sort_by(|a, b| a.key.cmp(&b.key));
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_statistics_enabled(EnabledStatistics::Page)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_created_by(format!("docket {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(footer))
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

    pub(crate) fn push(&mut self, records: &[Value]) -> Result<()> {
        let table = &self.collection.table;
        let objects: Vec<Option<&Value>> = records.iter().map(Some).collect();
        let mut columns = table
            .fields
            .iter()
            .zip(by_field(&table.fields, &objects))
            .map(|(field, values)| build(&field.kind, field.item_null, &values))
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| fail(&self.path, e))?;
        if table.extra.is_some() {
            let mut b = StringBuilder::new();
            for record in records {
                b.append_option(table.extras(record).map(|v| v.to_string()));
            }
            columns.push(Arc::new(b.finish()));
        }
        let batch = RecordBatch::try_new(self.schema.clone(), columns)
            .map_err(|e| fail(&self.path, e.to_string()))?;
        self.writer
            .write(&batch)
            .map_err(|e| fail(&self.path, e.to_string()))
    }

    pub(crate) fn finish(self) -> Result<WrittenFile> {
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
    Error::writing(std::path::Path::new(path))(reason)
}

/// Each field's values across `objects`, column by column, read in one walk
/// over each object. Records arrive with their keys in schema order (see
/// `order_keys`), so a key is found by comparing it with the next field's
/// name, without hashing it. Absent and `null` are both missing, and the
/// schema's default stands in for them (unless the object itself is absent).
fn by_field<'v>(fields: &'v [Field], objects: &[Option<&'v Value>]) -> Vec<Vec<Option<&'v Value>>> {
    let mut columns = vec![Vec::with_capacity(objects.len()); fields.len()];
    let mut row: Vec<Option<&Value>> = vec![None; fields.len()];
    for object in objects {
        row.fill(None);
        if let Some(Value::Object(map)) = object {
            let mut next = 0;
            for (key, value) in map {
                let at = |range: &[Field]| range.iter().position(|f| f.name == *key);
                let found = at(&fields[next..])
                    .map(|i| next + i)
                    .or_else(|| at(&fields[..next]));
                if let Some(i) = found {
                    row[i] = Some(value).filter(|v| !v.is_null());
                    next = i + 1;
                }
            }
        }
        for ((column, value), field) in columns.iter_mut().zip(&row).zip(fields) {
            column.push(object.and(value.or(field.default.as_ref())));
        }
    }
    columns
}

/// One Arrow array for the values of a field across records (or list items).
fn build(kind: &Kind, item_null: bool, values: &[Option<&Value>]) -> Result<ArrayRef, String> {
    let values: Vec<Option<&Value>> = values.iter().map(|v| v.filter(|v| !v.is_null())).collect();
    Ok(match kind {
        Kind::String => {
            let mut b = StringBuilder::new();
            for v in &values {
                b.append_option(v.map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }));
            }
            Arc::new(b.finish())
        }
        Kind::Json => {
            let mut b = StringBuilder::new();
            for v in &values {
                b.append_option(v.map(|v| v.to_string()));
            }
            Arc::new(b.finish())
        }
        Kind::Date => {
            let mut b = Date32Builder::new();
            for v in &values {
                b.append_option(
                    v.and_then(Value::as_str)
                        .map(convert::epoch_days)
                        .transpose()?,
                );
            }
            Arc::new(b.finish())
        }
        Kind::DateTime => {
            let mut b = TimestampMicrosecondBuilder::new().with_timezone("UTC");
            for v in &values {
                b.append_option(
                    v.and_then(Value::as_str)
                        .map(convert::utc_micros)
                        .transpose()?,
                );
            }
            Arc::new(b.finish())
        }
        Kind::Integer => {
            let mut b = Int64Builder::new();
            for v in &values {
                b.append_option(
                    v.and_then(Value::as_number)
                        .map(convert::integer)
                        .transpose()?,
                );
            }
            Arc::new(b.finish())
        }
        Kind::Number => {
            let mut b = Float64Builder::new();
            for v in &values {
                b.append_option(v.and_then(Value::as_f64));
            }
            Arc::new(b.finish())
        }
        Kind::Boolean => {
            let mut b = BooleanBuilder::new();
            for v in &values {
                b.append_option(v.and_then(Value::as_bool));
            }
            Arc::new(b.finish())
        }
        Kind::Enum(allowed) => {
            // Keys index the allowed values in schema order. Parquet keeps
            // only the values used, so readers' categories are those.
            let keys = values
                .iter()
                .map(|v| match v {
                    None => Ok(None),
                    Some(v) => v
                        .as_str()
                        .and_then(|s| allowed.iter().position(|a| a == s))
                        .map(|i| Some(i as i32))
                        .ok_or_else(|| format!("{v} is not one of the values the schema lists")),
                })
                .collect::<Result<Int32Array, String>>()?;
            let dictionary = Arc::new(StringArray::from(allowed.clone()));
            Arc::new(
                DictionaryArray::<Int32Type>::try_new(keys, dictionary)
                    .map_err(|e| e.to_string())?,
            )
        }
        Kind::List(item) => list(item, item_field(item, item_null), &values)?,
        Kind::ListOfObjects(fields) => list(
            &Kind::Object(fields.clone()),
            ArrowField::new("item", DataType::Struct(struct_fields(fields)), item_null),
            &values,
        )?,
        Kind::Object(fields) => {
            let present: Vec<bool> = values
                .iter()
                .map(|v| v.is_some_and(Value::is_object))
                .collect();
            let children = fields
                .iter()
                .zip(by_field(fields, &values))
                .map(|(f, sub)| build(&f.kind, f.item_null, &sub))
                .collect::<Result<Vec<_>, _>>()?;
            let nulls = (!present.iter().all(|p| *p)).then(|| present.into());
            Arc::new(
                StructArray::try_new(struct_fields(fields), children, nulls)
                    .map_err(|e| e.to_string())?,
            )
        }
    })
}

fn list(item: &Kind, field: ArrowField, values: &[Option<&Value>]) -> Result<ArrayRef, String> {
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
    let child = build(item, true, &flat)?;
    let nulls = (!present.iter().all(|p| *p)).then(|| present.into());
    let array = ListArray::try_new(
        Arc::new(field),
        OffsetBuffer::from_lengths(lengths),
        child,
        nulls,
    )
    .map_err(|e| e.to_string())?;
    Ok(Arc::new(array))
}
