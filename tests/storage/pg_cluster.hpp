// A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, a free loopback port,
// its unix socket in that folder, pg_ctl start -w; stopped and removed by its owner. Nothing
// depends on a system-wide PostgreSQL service. PostgreSQL refuses to run as root, so as root
// (CI) initdb, pg_ctl and the server run as Debian's `postgres` user, with the folder its own.
//
// ctest shares one cluster between the conformance suite's test processes: the fixture test
// `hsd_pg_cluster start FILE` starts it and writes FILE, the tests find FILE through
// $HSD_TEST_PG_CLUSTER, and `hsd_pg_cluster stop FILE` removes it. A test binary run by hand
// starts a cluster of its own instead, removed when the process exits.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace hsd::test {

class PgCluster {
 public:
  // The binaries' folder (/usr/lib/postgresql/15/bin, or $HSD_PG_BIN), empty when initdb is
  // not there.
  static std::filesystem::path bin_dir();

  // Starts a new cluster; nullptr with error set when it cannot.
  static std::unique_ptr<PgCluster> start(std::string& error);
  // The cluster described by file (written by write()); it is not stopped by this object.
  static std::unique_ptr<PgCluster> attach(const std::filesystem::path& file, std::string& error);
  // For tests: the cluster named by $HSD_TEST_PG_CLUSTER, else one started for this process
  // (stopped at exit). nullptr with error set when neither works.
  static PgCluster* shared(std::string& error);

  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // libpq connection string for a database of the cluster, as superuser `postgres`.
  std::string dsn(const std::string& database) const;
  // Creates an empty database with a name unique to this process and returns its DSN; empty
  // with error set on failure.
  std::string create_database(std::string& error);
  // Drops a database made by create_database (closing its remaining connections).
  void drop_database(const std::string& dsn);

  // Records the cluster in file, for attach().
  bool write(const std::filesystem::path& file) const;
  // Stops the server and removes the folder (the owner's destructor does this).
  void stop();
  // Restarts the server as a crash or an upgrade would (pg_ctl restart -m fast -w, as the
  // cluster's owner): every connection is closed, the port and the data stay. Every test
  // process on the cluster sees it, so a test that restarts should start a cluster of its own.
  // false with error set when it fails.
  bool restart(std::string& error);
  // Gives up ownership: the destructor leaves the cluster running (`hsd_pg_cluster start`).
  void release() { owned_ = false; }

 private:
  PgCluster() = default;

  std::filesystem::path dir_;  // the cluster's folder: data/, the socket, the server's log
  int port_ = 0;
  bool owned_ = false;
};

}  // namespace hsd::test
