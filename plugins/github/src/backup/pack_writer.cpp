#include "pack_writer.hpp"

#include "errors.hpp"
#include "git_util.hpp"

#include <openssl/evp.h>
#include <zlib.h>

#include <cstdint>
#include <memory>
#include <string>

namespace hsd::plugins::github::backup {
namespace {

constexpr std::size_t kChunk = 1 << 20;  // bytes handed to the indexer at a time

struct MdFree {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};

// Feeds the indexer in chunks and keeps the SHA-1 of everything fed: the pack's trailer.
class PackStream {
 public:
  explicit PackStream(git_odb_writepack* writer) : writer_(writer), sha_(EVP_MD_CTX_new()) {
    ok_ = sha_ && EVP_DigestInit_ex(sha_.get(), EVP_sha1(), nullptr) == 1;
    buffer_.reserve(kChunk + 64 * 1024);
  }

  bool ok() const { return ok_; }
  std::string& buffer() { return buffer_; }
  std::size_t total() const { return total_; }

  // Passes the buffer on once it is large enough (or always, with force).
  int flush(bool force = false) {
    if (buffer_.empty() || (!force && buffer_.size() < kChunk)) return 0;
    if (EVP_DigestUpdate(sha_.get(), buffer_.data(), buffer_.size()) != 1) return fail("hashing the pack");
    const int rc = writer_->append(writer_, buffer_.data(), buffer_.size(), &stats_);
    total_ += buffer_.size();
    buffer_.clear();
    return rc;
  }

  // The trailer, then the indexer's commit (which verifies it and writes the index).
  int finish() {
    if (int rc = flush(true); rc < 0) return rc;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(sha_.get(), digest, &len) != 1 || len != 20) return fail("hashing the pack");
    int rc = writer_->append(writer_, digest, len, &stats_);
    total_ += len;
    if (rc >= 0) rc = writer_->commit(writer_, &stats_);
    return rc;
  }

 private:
  static int fail(const char* what) {
    git_error_set_str(GIT_ERROR_INVALID, what);
    return -1;
  }

  git_odb_writepack* writer_;
  std::unique_ptr<EVP_MD_CTX, MdFree> sha_;
  git_indexer_progress stats_{};
  std::string buffer_;
  std::size_t total_ = 0;
  bool ok_ = false;
};

void put_be32(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 24) & 0xFF);
  out += static_cast<char>((v >> 16) & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}

// An entry's header: the type in bits 4-6 of the first byte, the inflated size in its low four
// bits and then seven bits per byte, least significant first, the top bit marking "more".
void put_entry_header(std::string& out, git_object_t type, std::size_t size) {
  unsigned char c = static_cast<unsigned char>((static_cast<unsigned>(type) << 4) | (size & 0x0F));
  size >>= 4;
  while (size != 0) {
    out += static_cast<char>(c | 0x80);
    c = static_cast<unsigned char>(size & 0x7F);
    size >>= 7;
  }
  out += static_cast<char>(c);
}

}  // namespace

sdk::Result<StoredPack> store_objects_as_pack(git_odb* odb, git_odb_backend* source, const std::vector<git_oid>& oids) {
  StoredPack stored;
  if (oids.empty()) return stored;
  if (oids.size() > UINT32_MAX) return git_failed("too many objects for one pack");

  git_odb_writepack* writer = nullptr;
  int rc = git_odb_write_pack(&writer, odb, nullptr, nullptr);
  if (rc < 0) return git_failed(describe("storing the new objects", last_git_error(rc)));
  struct WriterFree {
    git_odb_writepack* w;
    ~WriterFree() { w->free(w); }
  } free_writer{writer};

  PackStream pack(writer);
  if (!pack.ok()) return git_failed("storing the new objects: SHA-1 is not available");
  std::string& out = pack.buffer();
  out.append("PACK", 4);
  put_be32(out, 2);
  put_be32(out, static_cast<std::uint32_t>(oids.size()));

  std::string deflated;
  for (const git_oid& oid : oids) {
    void* data = nullptr;
    size_t len = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    rc = source->read(&data, &len, &type, source, &oid);
    if (rc < 0) return git_failed(describe("reading the new object " + oid_hex(oid), last_git_error(rc)));
    struct DataFree {
      git_odb_backend* b;
      void* d;
      ~DataFree() { git_odb_backend_data_free(b, d); }
    } free_data{source, data};

    uLongf bound = compressBound(static_cast<uLong>(len));
    deflated.resize(bound);
    const int zrc = compress2(reinterpret_cast<Bytef*>(deflated.data()), &bound, static_cast<const Bytef*>(data),
                              static_cast<uLong>(len), Z_BEST_SPEED);
    if (zrc != Z_OK) return git_failed("compressing the new object " + oid_hex(oid) + " failed (zlib " + std::to_string(zrc) + ")");
    put_entry_header(out, type, len);
    out.append(deflated.data(), bound);
    if (rc = pack.flush(); rc < 0) return git_failed(describe("storing the new objects", last_git_error(rc)));
  }
  if (rc = pack.finish(); rc < 0) return git_failed(describe("storing the new objects", last_git_error(rc)));
  stored.objects = oids.size();
  stored.bytes = pack.total();
  return stored;
}

}  // namespace hsd::plugins::github::backup
