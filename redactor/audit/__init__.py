"""The audit log: `log` is its only writer (hash-chained JSON lines, confidential), `report`
reads it back (`redactor audit show|export|verify`)."""
