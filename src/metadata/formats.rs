//! Which data formats an export writes. The metadata files (the Data
//! Package, the card, the citation, checksums) are always written, and
//! describe only the formats that were.

use std::fmt;

/// One data format of an export.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DataFormat {
    /// `json/<collection>.json`: the records as a JSON array.
    Json,
    /// `jsonl/<collection>.jsonl`: one record per line.
    Jsonl,
    /// `csv/`: one table per collection, plus link tables.
    Csv,
    /// `parquet/<collection>.parquet`: typed columns.
    Parquet,
    /// `sqlite/dataset.sqlite`: every CSV table, with keys and a full-text index.
    Sqlite,
}

impl DataFormat {
    pub const ALL: [DataFormat; 5] = [
        DataFormat::Json,
        DataFormat::Jsonl,
        DataFormat::Csv,
        DataFormat::Parquet,
        DataFormat::Sqlite,
    ];
}

impl fmt::Display for DataFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DataFormat::Json => "json",
            DataFormat::Jsonl => "jsonl",
            DataFormat::Csv => "csv",
            DataFormat::Parquet => "parquet",
            DataFormat::Sqlite => "sqlite",
        })
    }
}

/// A set of formats; empty means every format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Formats(Vec<DataFormat>);

impl Formats {
    pub fn all() -> Formats {
        Formats(DataFormat::ALL.to_vec())
    }

    /// The formats named, in a canonical order, or all of them when none is.
    pub fn of(named: &[DataFormat]) -> Formats {
        if named.is_empty() {
            return Formats::all();
        }
        let mut formats = named.to_vec();
        formats.sort();
        formats.dedup();
        Formats(formats)
    }

    pub fn has(&self, format: DataFormat) -> bool {
        self.0.contains(&format)
    }

    pub fn iter(&self) -> impl Iterator<Item = DataFormat> + '_ {
        self.0.iter().copied()
    }
}
