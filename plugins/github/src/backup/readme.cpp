#include "readme.hpp"

#include <algorithm>

namespace hsd::plugins::github::backup {

std::string markdown_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) {
      out += ' ';
      continue;
    }
    switch (c) {
      case '|': case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
      case '#': case '!': case '~':
        out += '\\';
        out += static_cast<char>(c);
        break;
      default: out += static_cast<char>(c);
    }
  }
  return out;
}

std::string link_target(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size() + 8);
  for (unsigned char c : path) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '~' || c == '/' || c == '-';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string render_readme(const Source& source, std::vector<ReadmeType> types) {
  std::sort(types.begin(), types.end(), [](const ReadmeType& a, const ReadmeType& b) { return a.type < b.type; });
  std::size_t total = 0;
  std::size_t bytes = 512;
  for (ReadmeType& t : types) {
    std::sort(t.rows.begin(), t.rows.end(), [](const ReadmeRow& a, const ReadmeRow& b) {
      return a.id != b.id ? a.id < b.id : a.file < b.file;
    });
    total += t.rows.size();
    for (const ReadmeRow& r : t.rows) bytes += r.id.size() * 2 + r.name.size() + r.file.size() * 2 + t.folder.size() + 24;
  }

  std::string out;
  out.reserve(bytes);
  const std::string& title = !source.account_name.empty() ? source.account_name
                             : !source.label.empty()      ? source.label
                                                          : source.account_id;
  out += "# ";
  out += markdown_text(title);
  out += "\n\n";
  if (!source.label.empty() && source.label != title) {
    out += "Label: ";
    out += markdown_text(source.label);
    out += "\n\n";
  }
  out += "Source: ";
  out += markdown_text(source.plugin);
  out += ", account ";
  out += markdown_text(source.account_id);
  out += "\n\n";
  out += "Written by hsdeploy: one JSON file per object, keys sorted. This index is generated; do not edit it.\n\n";
  out += "Objects: ";
  out += std::to_string(total);
  out += "\n";
  if (types.empty()) return out;

  out += "\n| Type | Objects |\n|---|---:|\n";
  for (const ReadmeType& t : types) {
    out += "| [";
    out += markdown_text(t.type);
    out += "](#";
    out += link_target(t.folder);
    out += ") | ";
    out += std::to_string(t.rows.size());
    out += " |\n";
  }
  for (const ReadmeType& t : types) {
    out += "\n<a id=\"";
    out += link_target(t.folder);
    out += "\"></a>\n## ";
    out += markdown_text(t.type);
    out += " (";
    out += std::to_string(t.rows.size());
    out += ")\n\n| Id | Name | File |\n|---|---|---|\n";
    for (const ReadmeRow& r : t.rows) {
      out += "| ";
      out += markdown_text(r.id);
      out += " | ";
      out += markdown_text(r.name);
      out += " | [";
      out += markdown_text(r.file);
      out += "](";
      out += link_target(t.folder + "/" + r.file);
      out += ") |\n";
    }
  }
  return out;
}

}  // namespace hsd::plugins::github::backup
