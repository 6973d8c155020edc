# Every dependency comes from a Debian 12 package (scripts/setup installs them). Only what some
# target links is required here: a component found but never linked is a build dependency with
# no use. Plugins find their own (SQLite3 and libgit2 in their CMakeLists).
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options filesystem)
find_package(yaml-cpp REQUIRED)
find_package(OpenSSL REQUIRED)

# Crypto comes with NetSSL; Data and DataSQLite are the SQLite storage plugin's.
find_package(Poco REQUIRED COMPONENTS Foundation Net NetSSL Crypto JSON Data DataSQLite)
