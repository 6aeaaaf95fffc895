-- Extensions the modules rely on: trigram and accent-insensitive search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- The audit trail is append-only: no row may be changed or removed.
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
--> statement-breakpoint
INSERT INTO unit_levels (code, name_vi, name_en, rank) VALUES
  ('province', 'Tỉnh, thành phố', 'Province', 1),
  ('district', 'Huyện, quận, thị xã (trước 1/7/2025)', 'District (before 1 July 2025)', 2),
  ('commune', 'Xã, phường, đặc khu', 'Commune', 3),
  ('village', 'Thôn, bản, tổ dân phố', 'Village', 4)
ON CONFLICT (code) DO NOTHING;
