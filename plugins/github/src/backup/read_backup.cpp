// read_backup: lock the mirror, resolve the ref (fetching what is missing), find the account's
// folder in that commit's tree, then read the object files through the index, or by their
// names for a backup older than the index.
#include "read_backup.hpp"

#include "backup_index.hpp"
#include "errors.hpp"
#include "git_util.hpp"
#include "layout.hpp"
#include "mirror.hpp"
#include "mirror_lock.hpp"
#include "resolve_ref.hpp"
#include "safe_name.hpp"

#include <optional>
#include <unordered_map>
#include <utility>

namespace hsd::plugins::github::backup {
namespace {

using BlobPtr = GitPtr<git_blob, git_blob_free>;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// safe_name's encoding undone; nullopt when the name carries a "~" suffix (its id was cut or
// disambiguated, so the name alone cannot give it back) or is not an encoding at all.
std::optional<std::string> decode_name(std::string_view name) {
  if (name == "%EMPTY") return std::string();
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '~') return std::nullopt;
    if (name[i] != '%') {
      out += name[i];
      continue;
    }
    if (i + 2 >= name.size()) return std::nullopt;
    const int hi = hex_value(name[i + 1]);
    const int lo = hex_value(name[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

class Reader {
 public:
  Reader(const Target& target, const Source& source, const ReadVisitor& visit, const Hooks& hooks)
      : target_(target), source_(source), visit_(visit), hooks_(hooks) {}

  sdk::Result<ReadResult> execute(const std::string& ref);

 private:
  const Target& target_;
  const Source& source_;
  const ReadVisitor& visit_;
  const Hooks& hooks_;
  RepoPtr repo_;
  ReadResult result_;

  bool cancelled() const { return hooks_.cancelled && hooks_.cancelled(); }
  bool wanted(std::string_view type) const { return !hooks_.wants_type || hooks_.wants_type(type); }
  sdk::Result<std::string> blob_text(const git_oid& oid, const std::string& path);
  sdk::Result<TreePtr> folder_tree(git_tree* root);
  sdk::Status read_indexed(git_tree* folder, const git_tree_entry* meta);
  sdk::Status read_by_names(git_tree* folder);
  sdk::Status hand_over(ReadObject object);
};

sdk::Result<std::string> Reader::blob_text(const git_oid& oid, const std::string& path) {
  git_blob* raw = nullptr;
  const int rc = git_blob_lookup(&raw, repo_.get(), &oid);
  if (rc < 0) return git_failed(describe("reading '" + path + "'", last_git_error(rc)));
  BlobPtr blob(raw);
  const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

// The account folder's tree, or null when the commit has none there.
sdk::Result<TreePtr> Reader::folder_tree(git_tree* root) {
  git_tree_entry* raw = nullptr;
  const int rc = git_tree_entry_bypath(&raw, root, result_.folder.c_str());
  if (rc == GIT_ENOTFOUND) return TreePtr();
  if (rc < 0) return git_failed(describe("looking up '" + result_.folder + "'", last_git_error(rc)));
  TreeEntryPtr entry(raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return TreePtr();
  git_tree* tree = nullptr;
  const int trc = git_tree_lookup(&tree, repo_.get(), git_tree_entry_id(entry.get()));
  if (trc < 0) return git_failed(describe("reading '" + result_.folder + "'", last_git_error(trc)));
  return TreePtr(tree);
}

sdk::Status Reader::hand_over(ReadObject object) {
  if ((result_.objects & 255) == 0 && cancelled()) return cancelled_failure();
  ++result_.objects;
  return visit_(object);
}

sdk::Status Reader::read_indexed(git_tree* folder, const git_tree_entry* meta) {
  const std::string index_path = join_path(join_path(result_.folder, kMetaFolder), kIndexName);
  auto invalid = [&](const std::string& what) {
    return make_failure(HSD_ERR_INVALID_ARGUMENT, kBackupIndexInvalid,
                        "the backup index '" + index_path + "' at " + result_.commit.substr(0, 12) +
                            " is not usable: " + what);
  };
  if (git_tree_entry_type(meta) != GIT_OBJECT_TREE) return invalid("'" + std::string(kMetaFolder) + "' is not a folder");
  git_tree* meta_raw = nullptr;
  int rc = git_tree_lookup(&meta_raw, repo_.get(), git_tree_entry_id(meta));
  if (rc < 0) return git_failed(describe("reading the index folder", last_git_error(rc)));
  TreePtr meta_tree(meta_raw);
  const git_tree_entry* index_entry = git_tree_entry_byname(meta_tree.get(), std::string(kIndexName).c_str());
  if (index_entry == nullptr || git_tree_entry_type(index_entry) != GIT_OBJECT_BLOB) return invalid("the file is missing");
  // Parsed straight from the blob's bytes, keeping the entries of the wanted types only.
  git_blob* index_raw = nullptr;
  rc = git_blob_lookup(&index_raw, repo_.get(), git_tree_entry_id(index_entry));
  if (rc < 0) return git_failed(describe("reading '" + index_path + "'", last_git_error(rc)));
  BlobPtr index_blob(index_raw);
  const std::string_view index_text(static_cast<const char*>(git_blob_rawcontent(index_blob.get())),
                                    static_cast<std::size_t>(git_blob_rawsize(index_blob.get())));
  TypeFilter keep;
  if (hooks_.wants_type) keep = [this](std::string_view type) { return wanted(type); };
  auto index = parse_index(index_text, index_path, keep);
  index_blob.reset();
  if (!index) return index.failure();
  if (index.value().plugin != source_.plugin || index.value().account_id != source_.account_id) {
    return invalid("it belongs to " + index.value().plugin + " account '" + index.value().account_id + "', not " +
                   source_.plugin + " account '" + source_.account_id + "'");
  }
  if (index.value().layout > kLayoutVersion) {
    result_.warnings.push_back("the backup was written with a newer layout (" + std::to_string(index.value().layout) +
                               ") than this plugin knows (" + std::to_string(kLayoutVersion) + ")");
  }
  // Each type folder's tree is looked up once: git_tree_entry_bypath would parse it again for
  // every file, quadratic in a folder of thousands.
  std::unordered_map<std::string, TreePtr> dirs;
  for (IndexEntry& e : index.value().objects) {
    const std::size_t slash = e.path.rfind('/');
    const std::string dir = slash == std::string::npos ? std::string() : e.path.substr(0, slash);
    const std::string file = slash == std::string::npos ? e.path : e.path.substr(slash + 1);
    git_tree* parent = folder;
    if (!dir.empty()) {
      auto it = dirs.find(dir);
      if (it == dirs.end()) {
        TreePtr tree;
        git_tree_entry* raw = nullptr;
        rc = git_tree_entry_bypath(&raw, folder, dir.c_str());
        if (rc < 0 && rc != GIT_ENOTFOUND) return git_failed(describe("looking up '" + dir + "'", last_git_error(rc)));
        if (rc == 0) {
          TreeEntryPtr entry(raw);
          if (git_tree_entry_type(entry.get()) == GIT_OBJECT_TREE) {
            git_tree* t = nullptr;
            rc = git_tree_lookup(&t, repo_.get(), git_tree_entry_id(entry.get()));
            if (rc < 0) return git_failed(describe("reading '" + dir + "'", last_git_error(rc)));
            tree.reset(t);
          }
        }
        it = dirs.emplace(dir, std::move(tree)).first;
      }
      parent = it->second.get();
    }
    const git_tree_entry* entry = parent ? git_tree_entry_byname(parent, file.c_str()) : nullptr;
    if (entry == nullptr) return invalid("it names '" + e.path + "', which the commit does not have");
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return invalid("'" + e.path + "' is not a file");
    auto data = blob_text(*git_tree_entry_id(entry), join_path(result_.folder, e.path));
    if (!data) return data.failure();
    auto s = hand_over({std::move(e.type), std::move(e.id), std::move(e.name), std::move(e.hash), std::move(data.value())});
    if (!s) return s;
  }
  return {};
}

// Layout 1: <type folder>/<safe id>.json, nothing else. The type and id come from decoding the
// names; a name that was cut or disambiguated ("~" suffix) keeps its undecodable part as the id.
sdk::Status Reader::read_by_names(git_tree* folder) {
  result_.warnings.push_back("the backup at " + result_.commit.substr(0, 12) +
                             " has no index (written before layout 2): types and ids are read from the folder "
                             "and file names, and names are empty");
  std::size_t unsure = 0;
  std::string first_unsure;
  for (size_t i = 0, n = git_tree_entrycount(folder); i < n; ++i) {
    const git_tree_entry* type_entry = git_tree_entry_byindex(folder, i);
    if (git_tree_entry_type(type_entry) != GIT_OBJECT_TREE) continue;  // the README
    const std::string type_folder = git_tree_entry_name(type_entry);
    std::optional<std::string> type = decode_name(type_folder);
    if (!type) {
      ++unsure;
      if (first_unsure.empty()) first_unsure = type_folder + "/";
      type = type_folder;
    }
    if (!wanted(*type)) continue;
    git_tree* raw = nullptr;
    const int rc = git_tree_lookup(&raw, repo_.get(), git_tree_entry_id(type_entry));
    if (rc < 0) return git_failed(describe("reading '" + type_folder + "'", last_git_error(rc)));
    TreePtr type_tree(raw);
    for (size_t j = 0, m = git_tree_entrycount(type_tree.get()); j < m; ++j) {
      const git_tree_entry* file = git_tree_entry_byindex(type_tree.get(), j);
      const std::string file_name = git_tree_entry_name(file);
      if (git_tree_entry_type(file) != GIT_OBJECT_BLOB || !file_name.ends_with(kObjectExtension)) continue;
      const std::string stem = file_name.substr(0, file_name.size() - kObjectExtension.size());
      const std::string path = join_path(type_folder, file_name);
      std::optional<std::string> id = decode_name(stem);
      if (!id) {
        ++unsure;
        if (first_unsure.empty()) first_unsure = path;
        id = stem;
      }
      auto data = blob_text(*git_tree_entry_id(file), join_path(result_.folder, path));
      if (!data) return data.failure();
      auto s = hand_over({*type, std::move(*id), "", "", std::move(data.value())});
      if (!s) return s;
    }
  }
  if (unsure > 0) {
    result_.warnings.push_back(std::to_string(unsure) + " name(s) were shortened or disambiguated when written (first: '" +
                               first_unsure + "'); their ids or types are the file names, not the originals");
  }
  return {};
}

sdk::Result<ReadResult> Reader::execute(const std::string& ref) {
  ensure_libgit2();
  if ((target_.remote_url.empty() && !target_.mirror_only) || target_.mirror_dir.empty()) {
    return make_failure(HSD_ERR_INVALID_ARGUMENT, kInvalidTarget, "the target has no remote URL or mirror folder");
  }
  if (source_.plugin.empty() || source_.account_id.empty()) {
    return make_failure(HSD_ERR_INVALID_ARGUMENT, kInvalidTarget, "the source has no plugin or account id");
  }
  auto prefix = normalize_prefix(target_.path_prefix);
  if (!prefix) return prefix.failure();
  result_.folder = account_folder(prefix.value(), source_);

  // The same lock as the writer's: a fetch changes the mirror.
  auto lock = MirrorLock::acquire(target_.mirror_dir, hooks_.cancelled);
  if (!lock) return lock.failure();
  auto repo = open_mirror(target_.mirror_dir);
  if (!repo) return repo.failure();
  repo_ = std::move(repo.value());
  if (cancelled()) return cancelled_failure();

  auto resolved = resolve_ref(repo_.get(), target_, ref, hooks_);
  if (!resolved) return resolved.failure();
  result_.commit = oid_hex(resolved.value().commit);
  result_.ref_kind = resolved.value().kind;

  git_commit* commit_raw = nullptr;
  int rc = git_commit_lookup(&commit_raw, repo_.get(), &resolved.value().commit);
  if (rc < 0) return git_failed(describe("reading the commit " + result_.commit, last_git_error(rc)));
  CommitPtr commit(commit_raw);
  git_tree* root_raw = nullptr;
  rc = git_commit_tree(&root_raw, commit.get());
  if (rc < 0) return git_failed(describe("reading the tree of " + result_.commit, last_git_error(rc)));
  TreePtr root(root_raw);

  auto folder = folder_tree(root.get());
  if (!folder) return folder.failure();
  if (!folder.value()) {
    return make_failure(HSD_ERR_NOT_FOUND, kBackupNotFound,
                        "no backup of " + source_.plugin + " account '" + source_.account_id + "' in " +
                            target_.full_name + " at '" + ref + "' (" + result_.commit.substr(0, 12) + "): the folder '" +
                            result_.folder + "' does not exist there");
  }
  const git_tree_entry* meta = git_tree_entry_byname(folder.value().get(), std::string(kMetaFolder).c_str());
  sdk::Status status = meta ? read_indexed(folder.value().get(), meta) : read_by_names(folder.value().get());
  if (!status) return status.failure();
  if (cancelled()) return cancelled_failure();
  return result_;
}

}  // namespace

sdk::Result<ReadResult> read_backup(const Target& target, const Source& source, const std::string& ref,
                                    const ReadVisitor& visit, const Hooks& hooks) {
  try {
    return Reader(target, source, visit, hooks).execute(ref);
  } catch (const std::exception& e) {
    return git_failed(std::string("reading the backup failed unexpectedly: ") + e.what());
  }
}

}  // namespace hsd::plugins::github::backup
