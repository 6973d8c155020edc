#include "tree_builder.hpp"

#include "backup_index.hpp"

#include "errors.hpp"
#include "layout.hpp"

#include <string_view>
#include <unordered_map>

namespace hsd::plugins::github::backup {
namespace {

sdk::Failure failed(std::string_view what, int rc) { return git_failed(describe(what, last_git_error(rc))); }

// The subtree at path, or null when absent; PATH_CONFLICT when path is a file.
sdk::Result<TreePtr> subtree(git_repository* repo, git_tree* root, const std::string& path) {
  if (root == nullptr) return TreePtr();
  git_tree_entry* raw = nullptr;
  int rc = git_tree_entry_bypath(&raw, root, path.c_str());
  if (rc == GIT_ENOTFOUND) return TreePtr();
  if (rc < 0) return failed("reading '" + path + "' of the branch", rc);
  TreeEntryPtr entry(raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
    return make_failure(HSD_ERR_CONFLICT, kPathConflict,
                        "'" + path + "' is a file on the branch; the backup needs it to be a folder");
  }
  git_tree* tree = nullptr;
  rc = git_tree_lookup(&tree, repo, git_tree_entry_id(entry.get()));
  if (rc < 0) return failed("reading the tree of '" + path + "'", rc);
  return TreePtr(tree);
}

sdk::Result<TreePtr> child_tree(git_repository* repo, git_tree* parent, const git_tree_entry* entry) {
  if (parent == nullptr || entry == nullptr || git_tree_entry_type(entry) != GIT_OBJECT_TREE) return TreePtr();
  git_tree* tree = nullptr;
  const int rc = git_tree_lookup(&tree, repo, git_tree_entry_id(entry));
  if (rc < 0) return failed("reading a tree of the branch", rc);
  return TreePtr(tree);
}

// Lists every blob of tree (recursively) as removed below prefix.
sdk::Status list_removed(git_repository* repo, git_tree* tree, const std::string& prefix, bool count,
                         BuiltTree& out) {
  const size_t n = git_tree_entrycount(tree);
  for (size_t i = 0; i < n; ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree, i);
    const std::string path = join_path(prefix, git_tree_entry_name(e));
    if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
      auto sub = child_tree(repo, tree, e);
      if (!sub) return sub.failure();
      if (auto s = list_removed(repo, sub.value().get(), path, count, out); !s) return s;
      continue;
    }
    if (count) ++out.removed;
    out.changes.push_back({'D', path});
  }
  return {};
}

sdk::Result<git_oid> write_builder(git_treebuilder* builder, const std::string& where, BuiltTree& out) {
  git_oid oid;
  const int rc = git_treebuilder_write(&oid, builder);
  if (rc < 0) return failed("writing the tree of '" + where + "'", rc);
  out.written.push_back(oid);
  return oid;
}

// The new tree of one type folder (reusing the old one when nothing changed).
sdk::Result<git_oid> type_tree(git_repository* repo, git_tree* old, const DesiredType& type, const std::string& path,
                               BuiltTree& out) {
  std::unordered_map<std::string_view, const git_tree_entry*> old_entries;
  const size_t old_count = old ? git_tree_entrycount(old) : 0;
  old_entries.reserve(old_count);
  for (size_t i = 0; i < old_count; ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(old, i);
    old_entries.emplace(git_tree_entry_name(e), e);
  }

  std::vector<const DesiredFile*> upserts;
  for (const DesiredFile& f : type.files) {
    auto it = old_entries.find(f.name);
    if (it == old_entries.end()) {
      ++out.added;
      out.changes.push_back({'A', join_path(path, f.name)});
      upserts.push_back(&f);
      continue;
    }
    const git_tree_entry* e = it->second;
    const bool same = git_tree_entry_type(e) == GIT_OBJECT_BLOB && git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB &&
                      git_oid_equal(git_tree_entry_id(e), &f.blob);
    if (!same) {
      if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
        // A folder where the backup wants a file: its files go, the file comes.
        auto sub = child_tree(repo, old, e);
        if (!sub) return sub.failure();
        if (auto s = list_removed(repo, sub.value().get(), join_path(path, f.name), true, out); !s) return s.failure();
        ++out.added;
        out.changes.push_back({'A', join_path(path, f.name)});
      } else {
        ++out.modified;
        out.changes.push_back({'M', join_path(path, f.name)});
      }
      upserts.push_back(&f);
    }
    old_entries.erase(it);
  }
  // What is left of the old folder is gone from the snapshot.
  std::vector<const git_tree_entry*> removals;
  removals.reserve(old_entries.size());
  for (const auto& [name, e] : old_entries) {
    removals.push_back(e);
    const std::string entry_path = join_path(path, name);
    if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
      auto sub = child_tree(repo, old, e);
      if (!sub) return sub.failure();
      if (auto s = list_removed(repo, sub.value().get(), entry_path, true, out); !s) return s.failure();
    } else {
      ++out.removed;
      out.changes.push_back({'D', entry_path});
    }
  }
  if (old && upserts.empty() && removals.empty()) return *git_tree_id(old);

  git_treebuilder* raw = nullptr;
  int rc = git_treebuilder_new(&raw, repo, old);
  if (rc < 0) return failed("starting the tree of '" + path + "'", rc);
  TreeBuilderPtr builder(raw);
  for (const git_tree_entry* e : removals) {
    rc = git_treebuilder_remove(builder.get(), git_tree_entry_name(e));
    if (rc < 0) return failed("removing '" + join_path(path, git_tree_entry_name(e)) + "'", rc);
  }
  for (const DesiredFile* f : upserts) {
    rc = git_treebuilder_insert(nullptr, builder.get(), f->name.c_str(), &f->blob, GIT_FILEMODE_BLOB);
    if (rc < 0) return failed("adding '" + join_path(path, f->name) + "'", rc);
  }
  return write_builder(builder.get(), path, out);
}

}  // namespace

sdk::Result<std::unordered_set<git_oid, OidHash, OidEqual>> blobs_under(git_repository* repo, git_tree* parent_root,
                                                                        const std::string& folder) {
  std::unordered_set<git_oid, OidHash, OidEqual> out;
  auto account = subtree(repo, parent_root, folder);
  if (!account) {
    if (account.failure().code == kPathConflict) return out;
    return account.failure();
  }
  if (!account.value()) return out;
  git_tree* tree = account.value().get();
  for (size_t i = 0, n = git_tree_entrycount(tree); i < n; ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree, i);
    auto sub = child_tree(repo, tree, e);
    if (!sub) return sub.failure();
    if (!sub.value()) continue;
    git_tree* type = sub.value().get();
    const size_t m = git_tree_entrycount(type);
    out.reserve(out.size() + m);
    for (size_t j = 0; j < m; ++j) {
      const git_tree_entry* f = git_tree_entry_byindex(type, j);
      if (git_tree_entry_type(f) == GIT_OBJECT_BLOB) out.insert(*git_tree_entry_id(f));
    }
  }
  return out;
}

sdk::Result<BuiltTree> build_tree(git_repository* repo, git_tree* parent_root, const DesiredFolder& desired) {
  BuiltTree out;
  const std::vector<std::string> parts = split_path(desired.path);
  if (parts.empty()) return git_failed("the backup folder is empty");

  // The parent's trees on the way down: levels[i] is the tree at parts[0..i).
  std::vector<TreePtr> owned(parts.size() + 1);
  std::vector<git_tree*> levels(parts.size() + 1, nullptr);
  levels[0] = parent_root;
  for (size_t i = 1; i <= parts.size(); ++i) {
    if (levels[i - 1] == nullptr) break;
    const git_tree_entry* e = git_tree_entry_byname(levels[i - 1], parts[i - 1].c_str());
    if (e == nullptr) break;
    if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
      std::string where;
      for (size_t k = 0; k < i; ++k) where = join_path(where, parts[k]);
      return make_failure(HSD_ERR_CONFLICT, kPathConflict,
                          "'" + where + "' is a file on the branch; the backup needs it to be a folder");
    }
    auto t = child_tree(repo, levels[i - 1], e);
    if (!t) return t.failure();
    owned[i] = std::move(t.value());
    levels[i] = owned[i].get();
  }
  git_tree* old_account = levels[parts.size()];

  // The backup's folder, from scratch: its type folders and its README.
  git_treebuilder* raw = nullptr;
  int rc = git_treebuilder_new(&raw, repo, nullptr);
  if (rc < 0) return failed("starting the backup's tree", rc);
  TreeBuilderPtr account(raw);
  std::unordered_set<std::string_view> kept;
  for (const DesiredType& type : desired.types) {
    const std::string path = join_path(desired.path, type.folder);
    const git_tree_entry* old_entry = old_account ? git_tree_entry_byname(old_account, type.folder.c_str()) : nullptr;
    auto old_type = child_tree(repo, old_account, old_entry);
    if (!old_type) return old_type.failure();
    if (old_entry != nullptr && git_tree_entry_type(old_entry) != GIT_OBJECT_TREE) {
      out.changes.push_back({'D', path});
    }
    auto tree = type_tree(repo, old_type.value().get(), type, path, out);
    if (!tree) return tree.failure();
    rc = git_treebuilder_insert(nullptr, account.get(), type.folder.c_str(), &tree.value(), GIT_FILEMODE_TREE);
    if (rc < 0) return failed("adding the folder '" + path + "'", rc);
    kept.insert(type.folder);
    out.files += type.files.size();
  }
  const std::string readme_path = join_path(desired.path, kReadmeName);
  rc = git_treebuilder_insert(nullptr, account.get(), std::string(kReadmeName).c_str(), &desired.readme,
                              GIT_FILEMODE_BLOB);
  if (rc < 0) return failed("adding '" + readme_path + "'", rc);
  kept.insert(kReadmeName);
  // The index is bookkeeping: it changes exactly when the object files do, so it is not listed.
  rc = git_treebuilder_insert(nullptr, account.get(), std::string(kMetaFolder).c_str(), &desired.meta, GIT_FILEMODE_TREE);
  if (rc < 0) return failed("adding '" + join_path(desired.path, kMetaFolder) + "'", rc);
  kept.insert(kMetaFolder);

  // Whatever else the folder held is not part of the snapshot any more.
  if (old_account != nullptr) {
    for (size_t i = 0, n = git_tree_entrycount(old_account); i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(old_account, i);
      const std::string_view name = git_tree_entry_name(e);
      if (name == kReadmeName) {
        if (!git_oid_equal(git_tree_entry_id(e), &desired.readme)) out.changes.push_back({'M', readme_path});
        continue;
      }
      if (kept.count(name) != 0) continue;
      const std::string path = join_path(desired.path, name);
      if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
        auto sub = child_tree(repo, old_account, e);
        if (!sub) return sub.failure();
        // A type folder that disappeared: its files are removed objects.
        if (auto s = list_removed(repo, sub.value().get(), path, true, out); !s) return s.failure();
      } else {
        out.changes.push_back({'D', path});
      }
    }
    if (git_tree_entry_byname(old_account, std::string(kReadmeName).c_str()) == nullptr) {
      out.changes.push_back({'A', readme_path});
    }
  } else {
    out.changes.push_back({'A', readme_path});
  }
  auto account_oid = write_builder(account.get(), desired.path, out);
  if (!account_oid) return account_oid.failure();

  if (old_account != nullptr && git_oid_equal(&account_oid.value(), git_tree_id(old_account))) {
    out.tree = *git_tree_id(parent_root);
    out.changed = false;
    out.changes.clear();
    return out;
  }

  // Up to the root: each level is the parent's tree with one entry replaced.
  git_oid child = account_oid.value();
  for (size_t i = parts.size(); i-- > 0;) {
    rc = git_treebuilder_new(&raw, repo, levels[i]);
    if (rc < 0) return failed("starting a tree above the backup's folder", rc);
    TreeBuilderPtr level(raw);
    rc = git_treebuilder_insert(nullptr, level.get(), parts[i].c_str(), &child, GIT_FILEMODE_TREE);
    if (rc < 0) return failed("adding the folder '" + parts[i] + "'", rc);
    std::string where;
    for (size_t k = 0; k < i; ++k) where = join_path(where, parts[k]);
    auto written = write_builder(level.get(), where.empty() ? "/" : where, out);
    if (!written) return written.failure();
    child = written.value();
  }
  out.tree = child;
  out.changed = parent_root == nullptr || !git_oid_equal(&child, git_tree_id(parent_root));
  return out;
}

}  // namespace hsd::plugins::github::backup
