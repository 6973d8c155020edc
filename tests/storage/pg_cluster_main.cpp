// hsd_pg_cluster start FILE | stop FILE: the ctest fixture that gives the conformance suite's
// test processes one throwaway PostgreSQL cluster (see pg_cluster.hpp).
#include <cstdio>
#include <cstring>
#include <string>

#include "pg_cluster.hpp"

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "start") != 0 && std::strcmp(argv[1], "stop") != 0)) {
    std::fprintf(stderr, "usage: hsd_pg_cluster start|stop FILE\n");
    return 2;
  }
  const std::string file = argv[2];
  std::string error;
  if (std::strcmp(argv[1], "start") == 0) {
    if (hsd::test::PgCluster::bin_dir().empty()) {
      // No PostgreSQL: the suite runs on sqlite alone (storage_plugins() leaves postgres out).
      std::printf("PostgreSQL is not installed; the storage suite runs without it\n");
      std::remove(file.c_str());
      return 0;
    }
    auto cluster = hsd::test::PgCluster::start(error);
    if (!cluster) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
    if (!cluster->write(file)) {
      std::fprintf(stderr, "cannot write %s\n", file.c_str());
      return 1;
    }
    cluster->release();
    std::printf("PostgreSQL cluster up: %s\n", cluster->dsn("postgres").c_str());
    return 0;
  }
  auto cluster = hsd::test::PgCluster::attach(file, error);
  if (!cluster) return 0;  // nothing was started
  cluster->stop();
  std::remove(file.c_str());
  return 0;
}
