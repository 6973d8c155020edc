#!/usr/bin/env python3
"""check_answers.py on answers made up to break each rule: each is refused, naming the route,
the status and what is wrong; answers that keep the rules pass; an empty folder fails.

  test_check_answers.py DOCUMENT OAS_SCHEMA
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DOCUMENT, OAS_SCHEMA = sys.argv[1], sys.argv[2]

ERROR = json.dumps({"error": {"code": "not_found", "message": "connection 9 not found", "details": {}}})
WORKSPACE = json.dumps([{"id": 1, "name": "acme", "role": "owner", "created_at": "2026-01-01T00:00:00Z"}])


def answer(method, path, status, body="", content_type="application/json"):
    return {"method": method, "path": path, "status": status, "content_type": content_type, "body": body}


class CheckAnswersTest(unittest.TestCase):
    def check(self, answers):
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "answers-1.jsonl"), "w", encoding="utf-8") as out:
                for item in answers:
                    out.write(json.dumps(item) + "\n")
            run = subprocess.run([sys.executable, os.path.join(HERE, "check_answers.py"), "--document", DOCUMENT,
                                  "--oas-schema", OAS_SCHEMA, "--answers", folder],
                                 capture_output=True, text=True, check=False)
        return run.returncode, run.stdout + run.stderr

    def test_answers_that_keep_the_document_pass(self):
        code, output = self.check([
            answer("GET", "/api/v1/workspaces", 200, WORKSPACE),
            answer("GET", "/api/v1/connections/9?x=1", 404, ERROR),
            answer("DELETE", "/api/v1/workspaces/1/members/2", 204, "", ""),
            answer("GET", "/api/v1/nowhere", 404, ERROR),
            answer("PUT", "/api/v1/connections/9", 405, ERROR),
            answer("GET", "/metrics", 200, "# TYPE x counter\n", "text/plain; version=0.0.4; charset=utf-8"),
        ])
        self.assertEqual(code, 0, output)
        self.assertIn("6 answers checked, 0 failed", output)

    def test_an_undocumented_status_names_the_route_and_status(self):
        code, output = self.check([answer("GET", "/api/v1/workspaces", 418, ERROR)])
        self.assertEqual(code, 1, output)
        self.assertIn("FAIL GET /api/v1/workspaces answered 418, a status the document does not list", output)

    def test_a_body_that_does_not_match_names_the_schema_error(self):
        body = json.dumps([{"id": "one", "name": "acme", "role": "owner", "created_at": None}])
        code, output = self.check([answer("GET", "/api/v1/workspaces", 200, body)])
        self.assertEqual(code, 1, output)
        self.assertIn("FAIL GET /api/v1/workspaces 200: the body does not match the schema at 0/id", output)
        self.assertIn("'one' is not of type 'integer'", output)

    def test_an_undocumented_field_is_refused(self):
        body = json.dumps([{"id": 1, "name": "acme", "role": "owner", "created_at": None, "secret": "x"}])
        code, output = self.check([answer("GET", "/api/v1/workspaces", 200, body)])
        self.assertEqual(code, 1, output)
        self.assertIn("'secret' was unexpected", output)

    def test_an_error_without_the_error_shape_is_refused(self):
        code, output = self.check([answer("GET", "/api/v1/connections/9", 404, json.dumps({"message": "no"}))])
        self.assertEqual(code, 1, output)
        self.assertIn("FAIL GET /api/v1/connections/{id} 404: the body does not match the schema", output)

    def test_a_path_the_document_lacks_must_answer_404(self):
        code, output = self.check([answer("GET", "/api/v1/nowhere", 200, "{}")])
        self.assertEqual(code, 1, output)
        self.assertIn("answered 200 on a path the document does not have", output)

    def test_a_method_the_path_lacks_must_answer_405(self):
        code, output = self.check([answer("PUT", "/api/v1/connections/9", 200, "{}")])
        self.assertEqual(code, 1, output)
        self.assertIn("FAIL PUT /api/v1/connections/{id} (method not documented) answered 200", output)

    def test_an_undocumented_content_type_is_refused(self):
        code, output = self.check([answer("GET", "/api/v1/workspaces", 200, "<html/>", "text/html")])
        self.assertEqual(code, 1, output)
        self.assertIn("content type 'text/html' is not documented", output)

    def test_a_conditional_get_may_answer_304_without_a_body(self):
        code, output = self.check([answer("GET", "/api/v1/workspaces", 304, "", "")])
        self.assertEqual(code, 0, output)
        code, output = self.check([answer("GET", "/api/v1/workspaces", 304, "[]")])
        self.assertEqual(code, 1, output)
        self.assertIn("304: the answer has 2 bytes of body", output)
        code, output = self.check([answer("POST", "/api/v1/workspaces", 304, "", "")])
        self.assertEqual(code, 1, output)

    def test_the_web_uis_files_are_not_checked_but_operator_paths_are(self):
        code, output = self.check([answer("GET", "/connections/12", 200, "<html/>", "text/html")])
        self.assertEqual(code, 0, output)
        code, output = self.check([answer("GET", "/healthz", 200, "<html/>", "text/html")])
        self.assertEqual(code, 1, output)

    def test_no_answers_at_all_fail(self):
        code, output = self.check([])
        self.assertEqual(code, 1, output)
        self.assertIn("no recorded answers", output)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
