-- Deltas are immutable (DESIGN.md §5.1): the database itself refuses to change
-- or remove them, whoever connects. Statement-level triggers fire even when no
-- row matches, and TRUNCATE triggers can only be statement-level.
CREATE FUNCTION "rhizome_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on table % is refused: deltas are append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation',
          HINT = 'Retract a delta by appending a negation delta.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "deltas_append_only"
  BEFORE UPDATE OR DELETE OR TRUNCATE ON "deltas"
  FOR EACH STATEMENT EXECUTE FUNCTION "rhizome_refuse_change"();
