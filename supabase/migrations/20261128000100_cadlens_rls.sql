-- cadlens tables are for the server side only: the service-role key (role `service_role`, which
-- has BYPASSRLS) is the only way in. Row-level security is enabled on every table, with explicit
-- RESTRICTIVE deny-all policies for `anon` and `authenticated`, and their table privileges are
-- revoked as well (defence in depth: Supabase grants them privileges on new tables by default).

ALTER TABLE failed_cad_analyses    ENABLE ROW LEVEL SECURITY;
ALTER TABLE cad_processing_audit   ENABLE ROW LEVEL SECURITY;
ALTER TABLE cad_processing_samples ENABLE ROW LEVEL SECURITY;
ALTER TABLE system_state           ENABLE ROW LEVEL SECURITY;

CREATE POLICY cadlens_deny_anon ON failed_cad_analyses AS RESTRICTIVE FOR ALL TO anon USING (false) WITH CHECK (false);
CREATE POLICY cadlens_deny_authenticated ON failed_cad_analyses AS RESTRICTIVE FOR ALL TO authenticated USING (false) WITH CHECK (false);
CREATE POLICY cadlens_deny_anon ON cad_processing_audit AS RESTRICTIVE FOR ALL TO anon USING (false) WITH CHECK (false);
CREATE POLICY cadlens_deny_authenticated ON cad_processing_audit AS RESTRICTIVE FOR ALL TO authenticated USING (false) WITH CHECK (false);
CREATE POLICY cadlens_deny_anon ON cad_processing_samples AS RESTRICTIVE FOR ALL TO anon USING (false) WITH CHECK (false);
CREATE POLICY cadlens_deny_authenticated ON cad_processing_samples AS RESTRICTIVE FOR ALL TO authenticated USING (false) WITH CHECK (false);
CREATE POLICY cadlens_deny_anon ON system_state AS RESTRICTIVE FOR ALL TO anon USING (false) WITH CHECK (false);
CREATE POLICY cadlens_deny_authenticated ON system_state AS RESTRICTIVE FOR ALL TO authenticated USING (false) WITH CHECK (false);

REVOKE ALL ON TABLE failed_cad_analyses, cad_processing_audit, cad_processing_samples, system_state FROM anon, authenticated;
REVOKE ALL ON SEQUENCE cad_processing_samples_id_seq FROM anon, authenticated;

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE failed_cad_analyses, cad_processing_audit, cad_processing_samples, system_state TO service_role;
GRANT USAGE, SELECT ON SEQUENCE cad_processing_samples_id_seq TO service_role;
