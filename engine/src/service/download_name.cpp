#include "download_name.hpp"

namespace hsd::engine::service {
namespace {

bool plain(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

void append_safe(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (plain(c)) {
      out += static_cast<char>(c);
      continue;
    }
    out += '_';
    // The continuation bytes of a UTF-8 sequence belong to the character just replaced.
    if (c >= 0xC0) {
      while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) ++i;
    }
  }
}

}  // namespace

std::string metadata_download_name(std::string_view type, std::string_view object_id) {
  std::string name;
  append_safe(name, type);
  name += '-';
  append_safe(name, object_id);
  name += ".json";
  // A leading dot would make a hidden file; ".." cannot occur without one at the start.
  if (name.front() == '.') name.front() = '_';
  return name;
}

}  // namespace hsd::engine::service
