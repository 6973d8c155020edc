#include "scheduler.hpp"

#include <algorithm>
#include <atomic>

#include "backups.hpp"
#include "connections.hpp"
#include "hsd/engine/log.hpp"
#include "job_queue.hpp"
#include "repositories.hpp"
#include "hsd/engine/duration.hpp"

namespace hsd::engine {
namespace {

const char* kLogger = "engine.scheduler";

// A stable per-connection number in [0, range): the same connection always gets the same
// offset, and neighbouring ids get unrelated ones (splitmix64's mixer).
std::int64_t spread(std::int64_t id, std::int64_t range) {
  if (range <= 0) return 0;
  std::uint64_t z = static_cast<std::uint64_t>(id) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<std::int64_t>(z % static_cast<std::uint64_t>(range));
}

bool needs_reconnect(const JsonObject& connection) {
  return connection->getValue<std::string>("status") == "error" &&
         connection->optValue<std::string>("status_code", "") == kReauthRequired;
}

std::int64_t time_or(const JsonObject& row, const std::string& key, std::int64_t fallback) {
  return row->isNull(key) ? fallback : row->getValue<std::int64_t>(key);
}

}  // namespace

Result<std::optional<std::chrono::milliseconds>> parse_interval_setting(const JsonObject& settings) {
  if (!settings || !settings->has("retrieve_interval") || settings->isNull("retrieve_interval")) {
    return std::optional<std::chrono::milliseconds>();
  }
  const std::string text = settings->get("retrieve_interval").toString();
  if (text == "off" || text == "0") return std::optional<std::chrono::milliseconds>(std::chrono::milliseconds(0));
  auto parsed = detail::parse_duration(text);
  if (!parsed || parsed->count() < 0) {
    return make_error(ErrorCode::invalid_argument, "retrieve_interval: '" + text +
                                                       "' is not a duration; allowed: e.g. \"30m\", \"6h\", \"0\" or \"off\"");
  }
  return std::optional<std::chrono::milliseconds>(*parsed);
}

Scheduler::Scheduler(Engine& engine, CredentialService& credentials, SchedulerOptions options,
                     std::function<void()> queued)
    : engine_(engine), credentials_(credentials), options_(options), queued_(std::move(queued)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start() {
  thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    run_once();
    lock.lock();
    cv_.wait_for(lock, options_.tick, [&] { return stopping_; });
  }
}

void Scheduler::run_once() {
  auto session = engine_.storage().open_session();
  if (!session) {
    log::error(kLogger, "cannot open storage: " + session.error().message);
    return;
  }
  auto connections = list_connections(*session, std::nullopt);
  if (!connections) {
    log::error(kLogger, "cannot list connections: " + connections.error().message);
    return;
  }
  refresh_due(*connections);
  retrieve_due(*session, *connections);
  backups_due(*session, *connections);
  check_repositories(*session, *connections);
}

void Scheduler::refresh_due(const std::vector<JsonObject>& connections) {
  const std::int64_t now = now_ms();
  const std::int64_t ahead = options_.refresh_ahead.count();
  std::vector<std::pair<std::int64_t, std::int64_t>> due;  // connection id, margin
  for (const auto& connection : connections) {
    if (connection->isNull("token_expires_at") || needs_reconnect(connection)) continue;
    const auto id = connection->getValue<std::int64_t>("id");
    const std::int64_t margin = std::max(ahead - spread(id, ahead / 4), kRefreshMarginMs);
    if (connection->getValue<std::int64_t>("token_expires_at") - now < margin) due.emplace_back(id, margin);
  }
  if (due.empty()) return;
  log::info(kLogger, "refreshing tokens ahead of expiry", {{"connections", std::to_string(due.size())}});
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> failed{0};
  auto refresh_some = [&] {
    auto own = engine_.storage().open_session();
    if (!own) return;
    for (std::size_t i = next++; i < due.size(); i = next++) {
      auto fresh = credentials_.fresh_within(*own, due[i].first, due[i].second);
      if (!fresh) {
        ++failed;
        log::warn(kLogger, "background refresh failed: " + fresh.error().message,
                  {{"connection", std::to_string(due[i].first)}});
      }
    }
  };
  const int threads = std::clamp<int>(options_.refresh_concurrency, 1, static_cast<int>(due.size()));
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(refresh_some);
  for (auto& thread : pool) thread.join();
  if (failed) log::warn(kLogger, "some background refreshes failed", {{"failed", std::to_string(failed.load())}});
}

void Scheduler::retrieve_due(Session& session, const std::vector<JsonObject>& connections) {
  const std::int64_t now = now_ms();
  bool queued_any = false;
  for (const auto& connection : connections) {
    const std::string status = connection->getValue<std::string>("status");
    if (status == "pending" || status == "in_progress" || needs_reconnect(connection)) continue;
    if (connection->getValue<std::string>("kind") != "source") continue;
    const auto id = connection->getValue<std::int64_t>("id");
    auto own_interval = parse_interval_setting(connection->getObject("settings"));
    const std::int64_t interval = own_interval && *own_interval ? (*own_interval)->count()
                                                                 : options_.retrieve_interval.count();
    if (interval <= 0) continue;
    Query last;
    last.where.set("connection_id", id);
    last.where.set("pipeline", std::string("retrieve"));
    last.descending = true;
    last.limit = 1;
    auto jobs = session.find("jobs", last);
    if (!jobs) continue;
    std::int64_t since = std::max(time_or(connection, "retrieved_at", 0), time_or(connection, "created_at", 0));
    if (!jobs->empty()) since = std::max(since, jobs->front()->getValue<std::int64_t>("created_at"));
    if (now < since + interval + spread(id, interval / 10)) continue;
    JobRequest request;
    request.workspace_id = connection->getValue<std::int64_t>("workspace_id");
    request.connection_id = id;
    request.pipeline = "retrieve";
    // Another engine's scheduler may have queued (or started) this retrieval a moment ago.
    request.join = JoinRule::queued_or_running;
    auto enqueued = enqueue_job(session, request, Actor{std::nullopt, "scheduler"});
    if (!enqueued) {
      log::warn(kLogger, "could not queue a scheduled retrieval: " + enqueued.error().message,
                {{"connection", std::to_string(id)}});
      continue;
    }
    if (enqueued->joined) continue;
    queued_any = true;
    log::info(kLogger, "scheduled retrieval queued", {{"connection", std::to_string(id)}});
  }
  if (queued_any && queued_) queued_();
}

void Scheduler::backups_due(Session& session, const std::vector<JsonObject>& connections) {
  const std::int64_t now = now_ms();
  auto configs = session.find("backup_configs");
  if (!configs) {
    log::warn(kLogger, "cannot list backups: " + configs.error().message);
    return;
  }
  bool queued_any = false;
  for (const auto& config : *configs) {
    auto period = backup_period_ms(config->getValue<std::string>("schedule"));
    if (!period || *period <= 0) continue;
    const auto id = config->getValue<std::int64_t>("id");
    auto runs = list_backup_runs(session, id, 1);
    if (!runs) continue;
    if (!runs->empty() && now < runs->front()->getValue<std::int64_t>("created_at") + *period + spread(id, *period / 10)) {
      continue;
    }
    auto ref = find_backup(session, id);
    if (!ref) continue;
    const auto target = ref->target.connection->getValue<std::int64_t>("id");
    auto vcs = std::find_if(connections.begin(), connections.end(),
                            [&](const JsonObject& c) { return c->getValue<std::int64_t>("id") == target; });
    if (vcs == connections.end() || needs_reconnect(*vcs)) continue;
    // A run claimed but not yet recorded (its run row appears once the job starts) makes the
    // last run look old; joining a queued or running job of the backup keeps it from running twice.
    auto enqueued = queue_backup(session, *ref, Actor{std::nullopt, "scheduler"}, JoinRule::queued_or_running);
    if (!enqueued) {
      log::warn(kLogger, "could not queue a scheduled backup: " + enqueued.error().message, {{"backup", std::to_string(id)}});
      continue;
    }
    if (!enqueued->joined) {
      queued_any = true;
      log::info(kLogger, "scheduled backup queued", {{"backup", std::to_string(id)}});
    }
  }
  if (queued_any && queued_) queued_();
}

void Scheduler::check_repositories(Session& session, const std::vector<JsonObject>& connections) {
  const std::int64_t interval = options_.repository_check_interval.count();
  if (interval <= 0) return;
  for (const auto& connection : connections) {
    if (connection->getValue<std::string>("kind") != "vcs_target" || needs_reconnect(connection)) continue;
    auto repositories = list_repositories(session, connection->getValue<std::int64_t>("id"), std::nullopt);
    if (!repositories) continue;
    for (const auto& repository : *repositories) {
      const auto id = repository->getValue<std::int64_t>("id");
      if (now_ms() < time_or(repository, "last_checked_at", 0) + interval + spread(id, interval / 10)) continue;
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
      auto checked = check_repository(engine_, credentials_, session, RepositoryRef{repository, connection});
      if (!checked) {
        log::warn(kLogger, "repository check failed: " + checked.error().message, {{"repository", std::to_string(id)}});
      } else if ((*checked)->getValue<std::string>("status") != repository->getValue<std::string>("status")) {
        log::info(kLogger, "repository status changed to " + (*checked)->getValue<std::string>("status"),
                  {{"repository", std::to_string(id)}, {"reason", (*checked)->getValue<std::string>("status_reason")}});
      }
    }
  }
}

}  // namespace hsd::engine
