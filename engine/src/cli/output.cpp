#include "output.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <ostream>
#include <sstream>

namespace hsd::engine::cli {
namespace {

// Display width: count UTF-8 lead bytes, so labels with accents or emoji stay aligned enough.
std::size_t width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

}  // namespace

std::string cell(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return "";
  if (value.isString()) return value.toString();
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

void print_table(std::ostream& out, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& h : headers) widths.push_back(width(h));
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      line.push_back(one_line(row[c]));
      widths[c] = std::max(widths[c], width(line.back()));
    }
    cells.push_back(std::move(line));
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      out << row[c];
      if (c + 1 < row.size()) out << std::string(widths[c] - width(row[c]) + 2, ' ');
    }
    out << "\n";
  };
  print_row(headers);
  for (const auto& row : cells) print_row(row);
}

void print_json(std::ostream& out, const Poco::Dynamic::Var& value) {
  Poco::JSON::Stringifier::stringify(value, out, 2);
  out << "\n";
}

void print_json_array(std::ostream& out, const std::vector<Poco::JSON::Object::Ptr>& items) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& item : items) array->add(item);
  print_json(out, array);
}

}  // namespace hsd::engine::cli
