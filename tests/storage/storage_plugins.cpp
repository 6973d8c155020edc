// The storage plugins the conformance suite runs against. A new storage plugin adds one entry.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <Poco/JSON/Object.h>

#include "pg_cluster.hpp"
#include "storage_fixture.hpp"

namespace hsd::test {

// Runs SQL against the sqlite store directly: the suite's only look behind the ABI.
std::int64_t sqlite_scalar_at(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::int64_t value = -1;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
      if (rc == SQLITE_DONE) value = 0;
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return value;
}

namespace {

std::string sqlite_path(const std::string& config_json) {
  return obj(config_json)->getValue<std::string>("path");
}

std::int64_t sqlite_scalar(const std::string& config_json, const std::string& sql) {
  return sqlite_scalar_at(sqlite_path(config_json), sql);
}

std::string postgres_dsn(const std::string& config_json) {
  return obj(config_json)->getValue<std::string>("dsn");
}

// Runs SQL against the postgres store directly: the count of the first column, 0 for a
// statement without rows, -1 on error.
std::int64_t postgres_scalar(const std::string& config_json, const std::string& sql) {
  PGconn* conn = PQconnectdb(postgres_dsn(config_json).c_str());
  std::int64_t value = -1;
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
      value = std::strtoll(PQgetvalue(result, 0, 0), nullptr, 10);
    } else if (PQresultStatus(result) == PGRES_COMMAND_OK) {
      value = 0;
    }
    PQclear(result);
  }
  PQfinish(conn);
  return value;
}

}  // namespace

std::vector<StoragePluginParam> storage_plugins() {
  StoragePluginParam sqlite;
  sqlite.name = "sqlite";
  sqlite.library = std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_sqlite.so";
  sqlite.make_config = [](const std::filesystem::path& dir) {
    Poco::JSON::Object config;
    config.set("plugin", "sqlite");
    // A folder that does not exist yet: the plugin creates it.
    config.set("path", (dir / "var" / "hsdeploy.db").string());
    return json_text(Poco::Dynamic::Var(Poco::JSON::Object::Ptr(new Poco::JSON::Object(config))));
  };
  sqlite.mark_newer_schema = [](const std::string& config_json) {
    ASSERT_EQ(sqlite_scalar(config_json,
                            "INSERT INTO schema_migrations (version, name, applied_at)"
                            " VALUES (9999, '9999_from_the_future', 0)"),
              0);
  };
  sqlite.stored_blob_count = [](const std::string& config_json) {
    return sqlite_scalar(config_json, "SELECT count(*) FROM metadata_blobs");
  };
  std::vector<StoragePluginParam> plugins{sqlite};

  // postgres, where PostgreSQL is installed: one cluster per test binary (or the one ctest's
  // fixture started), a fresh database per test, dropped afterwards.
  if (!PgCluster::bin_dir().empty()) {
    StoragePluginParam postgres;
    postgres.name = "postgres";
    postgres.library = std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_postgres.so";
    postgres.make_config = [](const std::filesystem::path&) {
      std::string error;
      PgCluster* cluster = PgCluster::shared(error);
      const std::string dsn = cluster ? cluster->create_database(error) : std::string();
      if (dsn.empty()) {
        ADD_FAILURE() << "no PostgreSQL cluster for the test: " << error;
        return std::string();
      }
      Poco::JSON::Object::Ptr config = new Poco::JSON::Object;
      config->set("plugin", "postgres");
      config->set("dsn", dsn);
      return json_text(Poco::Dynamic::Var(config));
    };
    postgres.drop_store = [](const std::string& config_json) {
      std::string error;
      if (PgCluster* cluster = PgCluster::shared(error)) cluster->drop_database(postgres_dsn(config_json));
    };
    postgres.mark_newer_schema = [](const std::string& config_json) {
      ASSERT_EQ(postgres_scalar(config_json,
                                "INSERT INTO schema_migrations (version, name, applied_at)"
                                " VALUES (9999, '9999_from_the_future', 0)"),
                0);
    };
    postgres.stored_blob_count = [](const std::string& config_json) {
      return postgres_scalar(config_json, "SELECT count(*) FROM metadata_blobs");
    };
    plugins.push_back(postgres);
  }
  return plugins;
}

INSTANTIATE_TEST_SUITE_P(Plugins, StorageTest, ::testing::ValuesIn(storage_plugins()),
                         [](const auto& info) { return info.param.name; });

}  // namespace hsd::test
