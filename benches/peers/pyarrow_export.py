"""Export a JSONL file to Parquet or CSV with pyarrow (pyarrow's CSV writer
cannot write list columns, so lists are joined as docket does).
Usage: pyarrow_export.py FILE.jsonl OUT parquet|csv"""

import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq

source, out, kind = sys.argv[1:4]
table = pajson.read_json(source).sort_by("id")
if kind == "parquet":
    pq.write_table(table, out, compression="zstd")
else:
    columns = {}
    for name in table.column_names:
        column = table[name]
        if pa.types.is_list(column.type) and pa.types.is_string(column.type.value_type):
            column = pc.binary_join(column, "|")
        elif not (pa.types.is_string(column.type) or pa.types.is_integer(column.type) or pa.types.is_boolean(column.type)):
            continue
        columns[name] = column
    pacsv.write_csv(pa.table(columns), out)
print('{"done": true}')
