// write_backup: lock the mirror, fetch the branch, turn the snapshot into blobs (through the
// blob cache), build the tree on the fetched tip, commit when it changed, push; on a
// non-fast-forward fetch again, rebuild on the new tip and push once more.
#include "backup.hpp"

#include "backup_index.hpp"
#include "blob_cache.hpp"
#include "commit_message.hpp"
#include "errors.hpp"
#include "git_util.hpp"
#include "json_pretty.hpp"
#include "layout.hpp"
#include "mirror.hpp"
#include "mirror_lock.hpp"
#include "pack_writer.hpp"
#include "push.hpp"
#include "readme.hpp"
#include "safe_name.hpp"
#include "tree_builder.hpp"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hsd::plugins::github::backup {
namespace {

struct Item {
  std::string type;
  std::string id;
  std::string name;
  std::string hash;
  git_oid blob;
};

class Run {
 public:
  Run(const Target& target, const Source& source, const Hooks& hooks)
      : target_(target), source_(source), hooks_(hooks) {}

  sdk::Result<Outcome> execute(const ObjectSource& objects);

 private:
  const Target& target_;
  const Source& source_;
  const Hooks& hooks_;
  RepoPtr repo_;
  std::string folder_;
  git_odb_backend* mempack_ = nullptr;  // owned by the repository's object database
  std::vector<git_oid> written_;        // what this run wrote (and did not store yet)

  sdk::Status keep_objects_in_memory();
  sdk::Status persist_objects();

  void log(hsd_log_level level, const std::string& message) const {
    if (hooks_.log) hooks_.log(level, message);
  }
  bool cancelled() const { return hooks_.cancelled && hooks_.cancelled(); }
  std::string display_name() const {
    if (!source_.account_name.empty()) return source_.account_name;
    if (!source_.label.empty()) return source_.label;
    return source_.account_id;
  }

  sdk::Status check_target() const;
  sdk::Result<std::vector<Item>> collect(const ObjectSource& objects, git_tree* parent_tree);
  sdk::Result<DesiredFolder> arrange(std::vector<Item> items);
  sdk::Result<git_oid> write_meta_tree(const BackupIndex& index);
  sdk::Result<CommitPtr> lookup_commit(const std::optional<git_oid>& tip);
  sdk::Result<std::optional<git_oid>> commit(const BuiltTree& built, git_commit* parent);
};

sdk::Status Run::check_target() const {
  auto invalid = [](std::string message) {
    return make_failure(HSD_ERR_INVALID_ARGUMENT, kInvalidTarget, std::move(message));
  };
  if (target_.remote_url.empty()) return invalid("the target has no remote URL");
  if (target_.mirror_dir.empty()) return invalid("the target has no mirror folder");
  if (source_.plugin.empty() || source_.account_id.empty()) return invalid("the source has no plugin or account id");
  if (auto ref = branch_ref(target_.branch); !ref) return ref.failure();
  return {};
}

// The run's new objects (blobs, trees, the commit) are written to memory first and stored as
// one pack file once the commit exists: thousands of loose object files cost far more.
sdk::Status Run::keep_objects_in_memory() {
  git_odb* odb_raw = nullptr;
  int rc = git_repository_odb(&odb_raw, repo_.get());
  if (rc < 0) return git_failed(describe("opening the mirror's objects", last_git_error(rc)));
  OdbPtr odb(odb_raw);
  git_odb_backend* backend = nullptr;
  rc = git_mempack_new(&backend);
  if (rc < 0) return git_failed(describe("preparing the in-memory objects", last_git_error(rc)));
  rc = git_odb_add_backend(odb.get(), backend, 1000);  // the highest priority: new objects go here
  if (rc < 0) {
    backend->free(backend);
    return git_failed(describe("preparing the in-memory objects", last_git_error(rc)));
  }
  mempack_ = backend;
  return {};
}

sdk::Status Run::persist_objects() {
  // Only what is still in memory: an object that already existed was not written again.
  std::erase_if(written_, [this](const git_oid& oid) { return mempack_->exists(mempack_, &oid) == 0; });
  // Once each: the same content may have been written for two objects.
  std::sort(written_.begin(), written_.end(), [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; });
  written_.erase(std::unique(written_.begin(), written_.end(), OidEqual{}), written_.end());
  if (written_.empty()) return {};
  git_odb* odb_raw = nullptr;
  int rc = git_repository_odb(&odb_raw, repo_.get());
  if (rc < 0) return git_failed(describe("opening the mirror's objects", last_git_error(rc)));
  OdbPtr odb(odb_raw);
  auto stored = store_objects_as_pack(odb.get(), mempack_, written_);
  if (!stored) return stored.failure();
  log(HSD_LOG_DEBUG, "packed " + std::to_string(stored.value().objects) + " objects in " +
                         std::to_string(stored.value().bytes) + " bytes");
  written_.clear();
  git_mempack_reset(mempack_);
  return {};
}

sdk::Result<CommitPtr> Run::lookup_commit(const std::optional<git_oid>& tip) {
  if (!tip) return CommitPtr();
  git_commit* raw = nullptr;
  const int rc = git_commit_lookup(&raw, repo_.get(), &*tip);
  if (rc < 0) return git_failed(describe("reading the tip of " + target_.branch, last_git_error(rc)));
  return CommitPtr(raw);
}

sdk::Result<std::vector<Item>> Run::collect(const ObjectSource& objects, git_tree* parent_tree) {
  auto existing = blobs_under(repo_.get(), parent_tree, folder_);
  if (!existing) return existing.failure();
  BlobCache cache = BlobCache::load(target_.mirror_dir, folder_, kLayoutVersion);
  git_odb* odb_raw = nullptr;
  int rc = git_repository_odb(&odb_raw, repo_.get());
  if (rc < 0) return git_failed(describe("opening the mirror's objects", last_git_error(rc)));
  OdbPtr odb(odb_raw);

  std::vector<Item> items;
  std::size_t rendered = 0;
  std::size_t invalid = 0;
  std::string content;
  const sdk::Status status = objects([&](const Object& o) -> sdk::Status {
    if ((items.size() & 255) == 0 && cancelled()) return cancelled_failure();
    Item item{std::string(o.type), std::string(o.id), std::string(o.name), std::string(o.hash), {}};
    std::optional<git_oid> cached = cache.find(o.hash);
    if (cached && (existing.value().count(*cached) != 0 || git_odb_exists(odb.get(), &*cached))) {
      item.blob = *cached;
    } else {
      bool valid = true;
      content = render_object_file(o.data_json, &valid);
      if (!valid) ++invalid;
      // Hashed here and written straight to memory: git_odb_write would first look for the
      // object in every backend (a loose-file probe and a rescan of the pack folder each).
      int brc = git_odb_hash(&item.blob, content.data(), content.size(), GIT_OBJECT_BLOB);
      if (brc == 0 && existing.value().count(item.blob) == 0) {
        brc = mempack_->write(mempack_, &item.blob, content.data(), content.size(), GIT_OBJECT_BLOB);
        written_.push_back(item.blob);
      }
      if (brc < 0) return git_failed(describe("writing the file of " + item.type + " '" + item.id + "'", last_git_error(brc)));
      ++rendered;
    }
    cache.put(o.hash, item.blob);
    items.push_back(std::move(item));
    return {};
  });
  if (!status) return status.failure();
  if (cancelled()) return cancelled_failure();
  if (invalid > 0) {
    log(HSD_LOG_WARN, std::to_string(invalid) + " object(s) were not valid JSON and are written as stored");
  }
  log(HSD_LOG_DEBUG, std::to_string(items.size()) + " objects, " + std::to_string(rendered) + " rendered, " +
                         std::to_string(items.size() - rendered) + " from the blob cache");
  if (auto s = cache.save(); !s) log(HSD_LOG_WARN, "the blob cache was not saved: " + s.failure().message);
  return items;
}

sdk::Result<DesiredFolder> Run::arrange(std::vector<Item> items) {
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.type != b.type ? a.type < b.type : a.id < b.id;
  });
  // One file per (type, id): a repeated id keeps its first object.
  items.erase(std::unique(items.begin(), items.end(),
                          [](const Item& a, const Item& b) { return a.type == b.type && a.id == b.id; }),
              items.end());

  std::vector<std::string_view> type_names;
  for (const Item& it : items) {
    if (type_names.empty() || type_names.back() != it.type) type_names.push_back(it.type);
  }
  const std::vector<std::string> folders = assign_names(type_names, {ascii_lower(kReadmeName)});

  DesiredFolder desired;
  desired.path = folder_;
  BackupIndex index{kLayoutVersion, source_.plugin, source_.account_id, {}};
  index.objects.reserve(items.size());
  std::vector<ReadmeType> readme;
  std::size_t begin = 0;
  for (std::size_t t = 0; t < type_names.size(); ++t) {
    std::size_t end = begin;
    while (end < items.size() && items[end].type == type_names[t]) ++end;
    std::vector<std::string_view> ids;
    ids.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) ids.push_back(items[i].id);
    const std::vector<std::string> names = assign_names(ids);
    DesiredType type;
    type.folder = folders[t];
    type.files.reserve(ids.size());
    ReadmeType rt;
    rt.type = std::string(type_names[t]);
    rt.folder = folders[t];
    rt.rows.reserve(ids.size());
    for (std::size_t i = begin; i < end; ++i) {
      std::string file = names[i - begin] + std::string(kObjectExtension);
      rt.rows.push_back({items[i].id, items[i].name, file});
      index.objects.push_back({items[i].type, items[i].id, items[i].name, join_path(folders[t], file), items[i].hash});
      type.files.push_back({std::move(file), items[i].blob});
    }
    desired.types.push_back(std::move(type));
    readme.push_back(std::move(rt));
    begin = end;
  }
  const std::string text = render_readme(source_, std::move(readme));
  const int rc = git_blob_create_from_buffer(&desired.readme, repo_.get(), text.data(), text.size());
  if (rc < 0) return git_failed(describe("writing the README", last_git_error(rc)));
  written_.push_back(desired.readme);
  auto meta = write_meta_tree(index);
  if (!meta) return meta.failure();
  desired.meta = meta.value();
  return desired;
}

// .hsdeploy/ holding index.json; both objects go to memory with the run's other objects.
sdk::Result<git_oid> Run::write_meta_tree(const BackupIndex& index) {
  const std::string text = render_index(index);
  git_oid blob;
  int rc = git_blob_create_from_buffer(&blob, repo_.get(), text.data(), text.size());
  if (rc < 0) return git_failed(describe("writing the backup index", last_git_error(rc)));
  written_.push_back(blob);
  git_treebuilder* raw = nullptr;
  rc = git_treebuilder_new(&raw, repo_.get(), nullptr);
  if (rc < 0) return git_failed(describe("starting the index folder", last_git_error(rc)));
  TreeBuilderPtr builder(raw);
  rc = git_treebuilder_insert(nullptr, builder.get(), std::string(kIndexName).c_str(), &blob, GIT_FILEMODE_BLOB);
  if (rc < 0) return git_failed(describe("adding the backup index", last_git_error(rc)));
  git_oid tree;
  rc = git_treebuilder_write(&tree, builder.get());
  if (rc < 0) return git_failed(describe("writing the index folder", last_git_error(rc)));
  written_.push_back(tree);
  return tree;
}

sdk::Result<std::optional<git_oid>> Run::commit(const BuiltTree& built, git_commit* parent) {
  git_tree* tree_raw = nullptr;
  int rc = git_tree_lookup(&tree_raw, repo_.get(), &built.tree);
  if (rc < 0) return git_failed(describe("reading the new tree", last_git_error(rc)));
  TreePtr tree(tree_raw);
  const std::string name = target_.author_name.empty() ? "hsdeploy" : target_.author_name;
  const std::string email = target_.author_email.empty() ? "hsdeploy@localhost" : target_.author_email;
  git_signature* sig_raw = nullptr;
  rc = git_signature_now(&sig_raw, name.c_str(), email.c_str());
  if (rc < 0) {
    return make_failure(HSD_ERR_INVALID_ARGUMENT, kInvalidTarget, describe("the commit author is not usable", last_git_error(rc)));
  }
  SignaturePtr sig(sig_raw);
  const std::string message =
      commit_message(display_name(), built.added, built.modified, built.removed, built.changes);
  const git_commit* parents[] = {parent};
  git_oid oid;
  // update_ref = NULL: the branch is set by the push step, so no GIT_EMODIFIED coupling.
  rc = git_commit_create(&oid, repo_.get(), nullptr, sig.get(), sig.get(), nullptr, message.c_str(), tree.get(),
                         parent ? 1 : 0, parent ? parents : nullptr);
  if (rc < 0) return git_failed(describe("creating the commit", last_git_error(rc)));
  return std::optional<git_oid>(oid);
}

sdk::Result<Outcome> Run::execute(const ObjectSource& objects) {
  ensure_libgit2();
  if (auto s = check_target(); !s) return s.failure();
  auto prefix = normalize_prefix(target_.path_prefix);
  if (!prefix) return prefix.failure();
  folder_ = account_folder(prefix.value(), source_);
  if (cancelled()) return cancelled_failure();

  auto lock = MirrorLock::acquire(target_.mirror_dir, hooks_.cancelled);
  if (!lock) return lock.failure();
  auto repo = open_mirror(target_.mirror_dir);
  if (!repo) return repo.failure();
  repo_ = std::move(repo.value());
  if (cancelled()) return cancelled_failure();

  auto tip = fetch_branch(repo_.get(), target_, hooks_);
  if (!tip) return tip.failure();
  log(HSD_LOG_DEBUG, "fetched " + target_.branch + ": " + (tip.value() ? oid_hex(*tip.value()) : std::string("no tip")));
  auto parent = lookup_commit(tip.value());
  if (!parent) return parent.failure();
  TreePtr parent_tree;
  if (parent.value()) {
    git_tree* raw = nullptr;
    const int rc = git_commit_tree(&raw, parent.value().get());
    if (rc < 0) return git_failed(describe("reading the tip's tree", last_git_error(rc)));
    parent_tree.reset(raw);
  }

  if (auto s = keep_objects_in_memory(); !s) return s.failure();
  auto items = collect(objects, parent_tree.get());
  if (!items) return items.failure();
  auto desired = arrange(std::move(items.value()));
  if (!desired) return desired.failure();

  for (int attempt = 0;; ++attempt) {
    auto built = build_tree(repo_.get(), parent_tree.get(), desired.value());
    if (!built) return built.failure();
    log(HSD_LOG_DEBUG, "built the tree: " + oid_hex(built.value().tree));
    Outcome outcome;
    outcome.parent = tip.value() ? oid_hex(*tip.value()) : std::string();
    outcome.files = built.value().files;
    if (!built.value().changed) {
      outcome.commit = outcome.parent;
      log(HSD_LOG_INFO, "the backup of " + display_name() + " is unchanged; no commit");
      return outcome;
    }
    outcome.added = built.value().added;
    outcome.changed = built.value().modified;
    outcome.removed = built.value().removed;
    auto commit_oid = commit(built.value(), parent.value().get());
    if (!commit_oid) return commit_oid.failure();
    written_.insert(written_.end(), built.value().written.begin(), built.value().written.end());
    written_.push_back(*commit_oid.value());
    // Stored before any ref points at the commit, so the mirror never names a missing object.
    if (auto s = persist_objects(); !s) return s.failure();
    log(HSD_LOG_DEBUG, "created and stored the commit " + oid_hex(*commit_oid.value()));
    if (cancelled()) return cancelled_failure();

    auto pushed = push_branch(repo_.get(), target_, *commit_oid.value(), hooks_);
    if (!pushed) return pushed.failure();
    if (pushed.value().kind == PushResult::Kind::kPushed) {
      outcome.commit = oid_hex(*commit_oid.value());
      outcome.committed = true;
      log(HSD_LOG_INFO, "pushed " + outcome.commit.substr(0, 12) + " to " + target_.branch + ": " +
                            std::to_string(outcome.added) + " added, " + std::to_string(outcome.changed) +
                            " changed, " + std::to_string(outcome.removed) + " removed");
      return outcome;
    }
    if (attempt >= 1) {
      return not_fast_forward("the branch " + target_.branch + " moved again while the backup was pushed: " +
                              pushed.value().message);
    }
    log(HSD_LOG_INFO, "the branch " + target_.branch + " moved (" + pushed.value().message +
                          "); fetching and rebuilding on the new tip");
    tip = fetch_branch(repo_.get(), target_, hooks_);
    if (!tip) return tip.failure();
    parent = lookup_commit(tip.value());
    if (!parent) return parent.failure();
    parent_tree.reset();
    if (parent.value()) {
      git_tree* raw = nullptr;
      const int rc = git_commit_tree(&raw, parent.value().get());
      if (rc < 0) return git_failed(describe("reading the tip's tree", last_git_error(rc)));
      parent_tree.reset(raw);
    }
  }
}

}  // namespace

sdk::Result<Outcome> write_backup(const Target& target, const Source& source, const ObjectSource& objects,
                                  const Hooks& hooks) {
  try {
    return Run(target, source, hooks).execute(objects);
  } catch (const std::exception& e) {
    return git_failed(std::string("the backup failed unexpectedly: ") + e.what());
  }
}

}  // namespace hsd::plugins::github::backup
