// BlobGc removes metadata bytes no object refers to any more. Run inside the write
// transaction that removed the objects, so a reader never sees an object without its bytes.
#pragma once

#include <sqlite3.h>

namespace hsd::plugins::sqlite {

class BlobGc {
 public:
  static void collect(sqlite3* db);
};

}  // namespace hsd::plugins::sqlite
