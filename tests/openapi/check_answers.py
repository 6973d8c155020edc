#!/usr/bin/env python3
"""Checks the OpenAPI document of the REST API, and the service's real answers against it.

  check_answers.py --document openapi.json --oas-schema oas-3.1-schema.json [--answers DIR]

The document is validated against the OpenAPI 3.1 schema (oas-3.1-schema.json) and every $ref
in it must resolve. With --answers, every JSON line of every *.jsonl file in DIR (written by the
service test harness: method, path, status, content_type, body) is matched to the document's
path and operation and its body validated against the schema of that status and content type.
An undocumented status, a body that does not match, or no answers at all fail the check, naming
the route, the status and the schema error.

Uses python3-jsonschema (Debian 12: 4.10), which implements JSON Schema 2020-12 as OpenAPI 3.1
uses it; scripts/setup installs it.
"""

import argparse
import collections
import glob
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("check_answers.py: the Python module jsonschema is missing; run scripts/setup "
             "(it installs the Debian package python3-jsonschema)")

if not hasattr(jsonschema, "Draft202012Validator"):
    sys.exit("check_answers.py: jsonschema is too old for JSON Schema 2020-12 (need 4.0 or newer); "
             "run scripts/setup")

# Served by the service beside the API; every other path outside /api/ is the web UI's.
OPERATOR_PATHS = ("/healthz", "/readyz", "/metrics")

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def pointer(*parts):
    """A JSON pointer fragment ("#/a/b~1c") to the given keys."""
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def resolve(document, ref):
    node = document
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def all_refs(node, where=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield where, value
            else:
                yield from all_refs(value, where + "/" + key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from all_refs(value, where + "/" + str(index))


def check_document(document, oas_schema):
    problems = []
    validator = jsonschema.Draft202012Validator(oas_schema)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        location = "/".join(str(p) for p in error.absolute_path) or "(top)"
        problems.append(f"openapi.json does not conform to OpenAPI 3.1 at {location}: {error.message}")
    # The OpenAPI schema leaves Schema Objects to the JSON Schema meta-schema.
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        for error in jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA).iter_errors(schema):
            location = "/".join(str(p) for p in error.absolute_path) or "(top)"
            problems.append(f"openapi.json components/schemas/{name} at {location} is not a JSON Schema: {error.message}")
    for where, ref in all_refs(document):
        if not ref.startswith("#/"):
            problems.append(f"openapi.json {where}: $ref {ref} is not local")
            continue
        try:
            resolve(document, ref)
        except (KeyError, IndexError, TypeError):
            problems.append(f"openapi.json {where}: $ref {ref} resolves to nothing")
    return problems


class Answers:
    """The document's routes, and a validator per response schema."""

    def __init__(self, document):
        self.document = document
        self.templates = [(path, path.strip("/").split("/")) for path in document["paths"]]
        self.validators = {}

    def route_of(self, path):
        """The document path that matches a request path, preferring literal segments."""
        segments = path.split("?", 1)[0].strip("/").split("/")
        best, best_literals = None, -1
        for template, parts in self.templates:
            if len(parts) != len(segments):
                continue
            literals = 0
            for want, got in zip(parts, segments):
                if want.startswith("{") and want.endswith("}"):
                    if not got:
                        break
                elif want != got:
                    break
                else:
                    literals += 1
            else:
                if literals > best_literals:
                    best, best_literals = template, literals
        return best

    def response(self, node):
        while "$ref" in node:
            node = resolve(self.document, node["$ref"])
        return node

    def validator(self, schema_ref):
        # The whole document is the root, so that the schema's $refs resolve within it.
        if schema_ref not in self.validators:
            root = dict(self.document)
            root["$ref"] = schema_ref
            self.validators[schema_ref] = jsonschema.Draft202012Validator(root)
        return self.validators[schema_ref]

    def check(self, answer):
        """(route name, problem or None) for one recorded answer."""
        method, path, status = answer["method"].upper(), answer["path"], answer["status"]
        bare = path.split("?", 1)[0]
        if not (bare == "/api" or bare.startswith("/api/") or bare in OPERATOR_PATHS):
            # The web UI's files (service.web_dir) are not part of the API the document describes.
            return f"{method} (web UI)", None
        template = self.route_of(path)
        if template is None:
            route = f"{method} (no route: {path.split('?', 1)[0]})"
            response_ref = pointer("components", "responses", "NotFound")
            if status != 404:
                return route, f"answered {status} on a path the document does not have (404 expected)"
        else:
            operation = self.document["paths"][template].get(method.lower())
            if operation is None:
                route = f"{method} {template} (method not documented)"
                if status != 405:
                    return route, f"answered {status} to a method the path does not document (405 expected)"
                response_ref = pointer("components", "responses", "MethodNotAllowed")
            else:
                route = f"{method} {template}"
                if status == 304 and method == "GET" and "200" in operation.get("responses", {}):
                    # A conditional GET (If-None-Match) of a read: no body, by HTTP's rules.
                    body = answer.get("body", "")
                    return route, (f"304: the answer has {len(body)} bytes of body" if body else None)
                if str(status) not in operation.get("responses", {}):
                    return route, f"answered {status}, a status the document does not list for it"
                response_ref = pointer("paths", template, method.lower(), "responses", str(status))
        response = resolve(self.document, response_ref)
        while "$ref" in response:
            response_ref = response["$ref"]
            response = resolve(self.document, response_ref)
        content = response.get("content")
        body = answer.get("body", "")
        if not content:
            if body:
                return route, f"{status}: the document gives no body but the answer has {len(body)} bytes"
            return route, None
        media = answer.get("content_type", "").split(";", 1)[0].strip().lower()
        if media not in content:
            return route, f"{status}: content type '{media}' is not documented (documented: {', '.join(content)})"
        if not media.endswith("json"):
            return route, None
        try:
            value = json.loads(body)
        except ValueError as e:
            return route, f"{status}: the body is not JSON ({e})"
        if "schema" not in content[media]:
            return route, None
        schema_ref = response_ref + "/content/" + media.replace("~", "~0").replace("/", "~1") + "/schema"
        error = jsonschema.exceptions.best_match(self.validator(schema_ref).iter_errors(value))
        if error is None:
            return route, None
        at = "/".join(str(p) for p in error.absolute_path) or "(top)"
        return route, f"{status}: the body does not match the schema at {at}: {error.message}"


def read_answers(folder):
    answers = []
    for name in sorted(glob.glob(os.path.join(folder, "*.jsonl"))):
        with open(name, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    try:
                        answers.append(json.loads(line))
                    except ValueError as e:
                        sys.exit(f"{name}:{number}: not a JSON line ({e})")
    return answers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--document", required=True)
    parser.add_argument("--oas-schema", required=True)
    parser.add_argument("--answers", help="folder of the recorded answers (*.jsonl)")
    args = parser.parse_args()

    with open(args.document, encoding="utf-8") as f:
        document = json.load(f)
    with open(args.oas_schema, encoding="utf-8") as f:
        oas_schema = json.load(f)
    problems = check_document(document, oas_schema)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    operations = sum(1 for item in document["paths"].values() for m in METHODS if m in item)
    print(f"openapi.json conforms to OpenAPI 3.1: {len(document['paths'])} paths, {operations} operations")
    if not args.answers:
        return 0

    answers = read_answers(args.answers)
    if not answers:
        print(f"no recorded answers in {args.answers}: the service tests ran without "
              "HSD_OPENAPI_ANSWERS_DIR, or not at all")
        return 1
    checker = Answers(document)
    failures = collections.Counter()
    seen = collections.Counter()
    for answer in answers:
        route, problem = checker.check(answer)
        seen[(route, answer["status"])] += 1
        if problem:
            failures[(route, problem)] += 1
    for (route, problem), count in sorted(failures.items()):
        print(f"FAIL {route} {problem}" + (f" ({count} answers)" if count > 1 else ""))
    covered = {route for route, _ in seen}
    documented = {f"{m.upper()} {path}" for path, item in document["paths"].items() for m in METHODS if m in item}
    print(f"{len(answers)} answers checked, {sum(failures.values())} failed; "
          f"{len(seen)} (route, status) pairs; {len(documented & covered)} of {len(documented)} operations exercised")
    never = sorted(documented - covered)
    if never:
        print("operations no test exercised: " + ", ".join(never))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
