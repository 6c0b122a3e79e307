#include "cephwire/features.h"

namespace cephwire {

const char* ceph_feature_name(unsigned bit) {
  static const char* const kNames[64] = {
      "UID",                       // 0
      "NOSRCADDR",                 // 1
      "SERVER_NAUTILUS",           // 2 (was MONCLOCKCHECK)
      "FLOCK",                     // 3
      "SUBSCRIBE2",                // 4
      "MONNAMES",                  // 5
      "RECONNECT_SEQ",             // 6
      "DIRLAYOUTHASH",             // 7
      "OBJECTLOCATOR",             // 8
      "PGID64",                    // 9
      "INCSUBOSDMAP",              // 10
      "PGPOOL3",                   // 11
      "OSDREPLYMUX",               // 12
      "OSDENC",                    // 13
      "SERVER_KRAKEN",             // 14 (was OMAP)
      "MONENC",                    // 15
      "SERVER_OCTOPUS/OSD_REPOP_MLCOD",  // 16 (was QUERY_T)
      "OS_PERF_STAT_NS",           // 17 (was INDEP_PG_MAP)
      "CRUSH_TUNABLES",            // 18
      "OSD_PGLOG_HARDLIMIT",       // 19 (was CHUNKY_SCRUB)
      "SERVER_PACIFIC",            // 20 (was MON_NULLROUTE)
      "SERVER_LUMINOUS/RESEND_ON_SPLIT/RADOS_BACKOFF/OSDMAP_PG_UPMAP/CRUSH_CHOOSE_ARGS",  // 21
      "OSD_FIXED_COLLECTION_LIST", // 22 (was BACKFILL_RESERVATION)
      "MSG_AUTH",                  // 23
      "RECOVERY_RESERVATION_2",    // 24
      "CRUSH_TUNABLES2",           // 25
      "CREATEPOOLID",              // 26
      "REPLY_CREATE_INODE",        // 27
      "SERVER_MIMIC",              // 28 (was OSD_HBMSGS)
      "MDSENC",                    // 29
      "OSDHASHPSPOOL",             // 30
      "SERVER_REEF",               // 31 (was MON_SINGLE_PAXOS)
      "STRETCH_MODE",              // 32 (was OSD_SNAPMAPPER)
      "SERVER_QUINCY",             // 33 (was MON_SCRUB)
      "RANGE_BLOCKLIST",           // 34 (was OSD_PACKED_RECOVERY)
      "OSD_CACHEPOOL",             // 35
      "CRUSH_V2",                  // 36
      "EXPORT_PEER",               // 37
      "CRUSH_MSR",                 // 38 (was OSD_ERASURE_CODES; Squid)
      "OSDMAP_ENC",                // 39
      "MDS_INLINE_DATA",           // 40
      "CRUSH_TUNABLES3/OSD_PRIMARY_AFFINITY",  // 41
      "MSGR_KEEPALIVE2",           // 42
      "OSD_POOLRESEND",            // 43
      "NVMEOFHA",                  // 44 (was ERASURE_CODE_PLUGINS_V2; Squid)
      "NVMEOFHAMAP",               // 45 (was OSD_SET_ALLOC_HINT; Squid)
      "OSD_FADVISE_FLAGS",         // 46
      "MDS_QUOTA",                 // 47
      "CRUSH_V4",                  // 48
      "SERVER_SQUID",              // 49 (was OSD_MIN_SIZE_RECOVERY)
      "SERVER_TENTACLE",           // 50 (was MON_METADATA)
      nullptr,                     // 51 (retired OSD_BITWISE_HOBJ_SORT)
      nullptr,                     // 52 (retired OSD_PROXY_WRITE_FEATURES)
      nullptr,                     // 53 (retired ERASURE_CODE_PLUGINS_V3)
      nullptr,                     // 54 (retired OSD_HITSET_GMT)
      nullptr,                     // 55 (retired HAMMER_0_94_4)
      "NEW_OSDOP_ENCODING",        // 56
      "SERVER_JEWEL/MON_STATEFUL_SUB",  // 57
      "CRUSH_TUNABLES5/NEW_OSDOPREPLY_ENCODING/FS_FILE_LAYOUT_V2",  // 58
      "MSG_ADDR2/FS_BTIME/FS_CHANGE_ATTR",  // 59
      "OSD_RECOVERY_DELETES",      // 60
      "CEPHX_V2",                  // 61
      "RESERVED",                  // 62
      nullptr,                     // 63 (retired RESERVED_BROKEN)
  };
  return bit < 64 ? kNames[bit] : nullptr;
}

const char* msgr2_feature_name(unsigned bit) {
  switch (bit) {
    case 0: return "REVISION_1";
    case 1: return "COMPRESSION";
    default: return nullptr;
  }
}

}  // namespace cephwire
