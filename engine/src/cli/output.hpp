// Printing for the CLI: aligned text tables for people, JSON for scripts.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <iosfwd>
#include <string>
#include <vector>

namespace hsd::engine::cli {

void print_table(std::ostream& out, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows);
// Pretty-printed JSON followed by a newline.
void print_json(std::ostream& out, const Poco::Dynamic::Var& value);
// A listing's objects as one pretty-printed JSON array.
void print_json_array(std::ostream& out, const std::vector<Poco::JSON::Object::Ptr>& items);
// A cell's text: strings raw, null empty, others as JSON.
std::string cell(const Poco::Dynamic::Var& value);

}  // namespace hsd::engine::cli
