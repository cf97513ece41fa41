-- Every read by entity scans the GIN pending list in full (src/store/tables.ts): at 256 kB, closure
-- loads under a steady 200 deltas/s were the slowest part of the projection's lag. 64 kB is
-- PostgreSQL's minimum and still batches the index's work for the keys every delta shares.
ALTER INDEX "deltas_pointers_idx" SET (gin_pending_list_limit = 64);
