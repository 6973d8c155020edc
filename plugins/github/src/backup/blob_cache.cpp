#include "blob_cache.hpp"

#include "errors.hpp"
#include "git_util.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace hsd::plugins::github::backup {
namespace {

bool usable_hash(std::string_view hash) {
  if (hash.empty() || hash.size() > 200) return false;
  for (char c : hash) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') return false;
  }
  return true;
}

}  // namespace

BlobCache BlobCache::load(const std::string& mirror_dir, const std::string& folder, int layout_version) {
  ensure_libgit2();
  BlobCache cache;
  git_oid key;
  git_odb_hash(&key, folder.data(), folder.size(), GIT_OBJECT_BLOB);
  cache.path_ = mirror_dir + "/hsd-blob-cache/" + oid_hex(key);
  // The header names the folder and the layout; a mismatch (or a hash collision of folders)
  // makes the file useless rather than wrong.
  std::string header = "hsd-blob-cache 1 layout " + std::to_string(layout_version) + " ";
  for (char c : folder) header += (c == '\n' || c == '\r') ? ' ' : c;
  cache.header_ = header;

  std::ifstream in(cache.path_, std::ios::binary);
  if (!in) return cache;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::size_t pos = text.find('\n');
  if (pos == std::string::npos || std::string_view(text).substr(0, pos) != cache.header_) return cache;
  ++pos;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) break;  // a torn last line is ignored
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    const std::size_t space = line.rfind(' ');
    if (space == std::string_view::npos || line.size() - space - 1 != GIT_OID_HEXSZ) continue;
    git_oid oid;
    if (git_oid_fromstrn(&oid, line.data() + space + 1, GIT_OID_HEXSZ) != 0) continue;
    cache.loaded_.emplace(std::string(line.substr(0, space)), oid);
  }
  return cache;
}

std::optional<git_oid> BlobCache::find(std::string_view content_hash) const {
  if (!usable_hash(content_hash)) return std::nullopt;
  if (auto it = loaded_.find(std::string(content_hash)); it != loaded_.end()) return it->second;
  if (auto it = used_.find(std::string(content_hash)); it != used_.end()) return it->second;
  return std::nullopt;
}

void BlobCache::put(std::string_view content_hash, const git_oid& blob) {
  if (!usable_hash(content_hash)) return;
  used_.insert_or_assign(std::string(content_hash), blob);
}

sdk::Status BlobCache::save() const {
  std::error_code ec;
  const std::filesystem::path target(path_);
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return git_failed("cannot create '" + target.parent_path().string() + "': " + ec.message());
  std::string text;
  text.reserve(header_.size() + 1 + used_.size() * 110);
  text += header_;
  text += '\n';
  char hex[GIT_OID_HEXSZ + 1];
  for (const auto& [hash, oid] : used_) {
    git_oid_tostr(hex, sizeof(hex), &oid);
    text += hash;
    text += ' ';
    text.append(hex, GIT_OID_HEXSZ);
    text += '\n';
  }
  const std::string tmp = path_ + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) return git_failed("cannot write the blob cache '" + tmp + "'");
  }
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return git_failed("cannot replace the blob cache '" + path_ + "'");
  }
  return {};
}

}  // namespace hsd::plugins::github::backup
