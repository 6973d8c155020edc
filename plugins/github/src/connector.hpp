// The plugin instance: configuration, the ETag cache shared by all calls, and the actions.
// Thread-safe: invoke runs concurrently for different connections; each call keeps its own
// state (client, cancel signal) on its stack, and the cache locks itself.
#pragma once

#include "backup/backup.hpp"
#include "backup/read_backup.hpp"
#include "config.hpp"
#include "etag_cache.hpp"

#include <hsd/plugins/support/clock.hpp>

#include <hsd/sdk.hpp>

#include <Poco/JSON/Object.h>

#include <functional>
#include <memory>
#include <string_view>

namespace hsd::plugins::github {

/** backup::write_backup's signature, so tests can stand in for git. */
using BackupWriter = std::function<hsd::sdk::Result<backup::Outcome>(
    const backup::Target&, const backup::Source&, const backup::ObjectSource&, const backup::Hooks&)>;

/** backup::read_backup's signature, so tests can stand in for git. */
using BackupReader = std::function<hsd::sdk::Result<backup::ReadResult>(
    const backup::Target&, const backup::Source&, const std::string&, const backup::ReadVisitor&,
    const backup::Hooks&)>;

class Connector {
 public:
  /** clock: the system clock in production, virtual in tests; writer: backup::write_backup;
   *  reader: backup::read_backup (empty: backup_objects is unsupported). */
  Connector(Config config, std::shared_ptr<support::Clock> clock, BackupWriter writer, BackupReader reader = {});

  hsd::sdk::Status invoke(const hsd::sdk::Context& context, std::string_view action, std::string_view input_json);

  const Config& config() const { return config_; }
  EtagCache& etags() { return etags_; }

 private:
  using Object = Poco::JSON::Object::Ptr;
  hsd::sdk::Status oauth_start(const hsd::sdk::Context& context, const Object& params);
  hsd::sdk::Status device_start(const hsd::sdk::Context& context);
  hsd::sdk::Status connect(const hsd::sdk::Context& context, const Object& params);
  hsd::sdk::Status refresh(const hsd::sdk::Context& context, const Object& credentials);
  hsd::sdk::Status revoke(const hsd::sdk::Context& context, const Object& credentials, const Object& connection);
  hsd::sdk::Status repos_available(const hsd::sdk::Context& context);
  hsd::sdk::Status repo_status(const hsd::sdk::Context& context, const Object& params);
  hsd::sdk::Status backup(const hsd::sdk::Context& context, const Object& input);
  hsd::sdk::Status backup_objects(const hsd::sdk::Context& context, const Object& input);

  const Config config_;
  std::shared_ptr<support::Clock> clock_;
  BackupWriter writer_;
  BackupReader reader_;
  EtagCache etags_;
};

/** The Failure of an OAuth action on an instance without the app's credentials. */
hsd::sdk::Failure oauth_not_configured(bool needs_secret);

}  // namespace hsd::plugins::github
