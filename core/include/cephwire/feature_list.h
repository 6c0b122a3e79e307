// The CEPH_FEATURE bits as Ceph (Pacific and later, ceph_features.h) names
// them, once, for every user: X(bit, "NAME", "filter") for a bit in use (bits
// that several features share carry every name, the best-known first, which
// also gives the filter name), R(bit) for one retired and not reused. A
// macro list, so that the plugin registers its fields from it at compile time.
#pragma once

// Reused and retired bits: 2 was MONCLOCKCHECK; 14 was OMAP; 16 was QUERY_T; 17 was INDEP_PG_MAP; 19 was
// CHUNKY_SCRUB; 20 was MON_NULLROUTE; 22 was BACKFILL_RESERVATION; 28 was OSD_HBMSGS; 31 was MON_SINGLE_PAXOS; 32
// was OSD_SNAPMAPPER; 33 was MON_SCRUB; 34 was OSD_PACKED_RECOVERY; 38 was OSD_ERASURE_CODES (Squid); 44 was
// ERASURE_CODE_PLUGINS_V2 (Squid); 45 was OSD_SET_ALLOC_HINT (Squid); 49 was OSD_MIN_SIZE_RECOVERY; 50 was
// MON_METADATA; 51 retired OSD_BITWISE_HOBJ_SORT; 52 retired OSD_PROXY_WRITE_FEATURES; 53 retired
// ERASURE_CODE_PLUGINS_V3; 54 retired OSD_HITSET_GMT; 55 retired HAMMER_0_94_4; 63 retired RESERVED_BROKEN.
#define CEPHWIRE_CEPH_FEATURES(X, R) \
  X(0, "UID", "uid") \
  X(1, "NOSRCADDR", "nosrcaddr") \
  X(2, "SERVER_NAUTILUS", "server_nautilus") \
  X(3, "FLOCK", "flock") \
  X(4, "SUBSCRIBE2", "subscribe2") \
  X(5, "MONNAMES", "monnames") \
  X(6, "RECONNECT_SEQ", "reconnect_seq") \
  X(7, "DIRLAYOUTHASH", "dirlayouthash") \
  X(8, "OBJECTLOCATOR", "objectlocator") \
  X(9, "PGID64", "pgid64") \
  X(10, "INCSUBOSDMAP", "incsubosdmap") \
  X(11, "PGPOOL3", "pgpool3") \
  X(12, "OSDREPLYMUX", "osdreplymux") \
  X(13, "OSDENC", "osdenc") \
  X(14, "SERVER_KRAKEN", "server_kraken") \
  X(15, "MONENC", "monenc") \
  X(16, "SERVER_OCTOPUS/OSD_REPOP_MLCOD", "server_octopus") \
  X(17, "OS_PERF_STAT_NS", "os_perf_stat_ns") \
  X(18, "CRUSH_TUNABLES", "crush_tunables") \
  X(19, "OSD_PGLOG_HARDLIMIT", "osd_pglog_hardlimit") \
  X(20, "SERVER_PACIFIC", "server_pacific") \
  X(21, "SERVER_LUMINOUS/RESEND_ON_SPLIT/RADOS_BACKOFF/OSDMAP_PG_UPMAP/CRUSH_CHOOSE_ARGS", "server_luminous") \
  X(22, "OSD_FIXED_COLLECTION_LIST", "osd_fixed_collection_list") \
  X(23, "MSG_AUTH", "msg_auth") \
  X(24, "RECOVERY_RESERVATION_2", "recovery_reservation_2") \
  X(25, "CRUSH_TUNABLES2", "crush_tunables2") \
  X(26, "CREATEPOOLID", "createpoolid") \
  X(27, "REPLY_CREATE_INODE", "reply_create_inode") \
  X(28, "SERVER_MIMIC", "server_mimic") \
  X(29, "MDSENC", "mdsenc") \
  X(30, "OSDHASHPSPOOL", "osdhashpspool") \
  X(31, "SERVER_REEF", "server_reef") \
  X(32, "STRETCH_MODE", "stretch_mode") \
  X(33, "SERVER_QUINCY", "server_quincy") \
  X(34, "RANGE_BLOCKLIST", "range_blocklist") \
  X(35, "OSD_CACHEPOOL", "osd_cachepool") \
  X(36, "CRUSH_V2", "crush_v2") \
  X(37, "EXPORT_PEER", "export_peer") \
  X(38, "CRUSH_MSR", "crush_msr") \
  X(39, "OSDMAP_ENC", "osdmap_enc") \
  X(40, "MDS_INLINE_DATA", "mds_inline_data") \
  X(41, "CRUSH_TUNABLES3/OSD_PRIMARY_AFFINITY", "crush_tunables3") \
  X(42, "MSGR_KEEPALIVE2", "msgr_keepalive2") \
  X(43, "OSD_POOLRESEND", "osd_poolresend") \
  X(44, "NVMEOFHA", "nvmeofha") \
  X(45, "NVMEOFHAMAP", "nvmeofhamap") \
  X(46, "OSD_FADVISE_FLAGS", "osd_fadvise_flags") \
  X(47, "MDS_QUOTA", "mds_quota") \
  X(48, "CRUSH_V4", "crush_v4") \
  X(49, "SERVER_SQUID", "server_squid") \
  X(50, "SERVER_TENTACLE", "server_tentacle") \
  R(51) \
  R(52) \
  R(53) \
  R(54) \
  R(55) \
  X(56, "NEW_OSDOP_ENCODING", "new_osdop_encoding") \
  X(57, "SERVER_JEWEL/MON_STATEFUL_SUB", "server_jewel") \
  X(58, "CRUSH_TUNABLES5/NEW_OSDOPREPLY_ENCODING/FS_FILE_LAYOUT_V2", "crush_tunables5") \
  X(59, "MSG_ADDR2/FS_BTIME/FS_CHANGE_ATTR", "msg_addr2") \
  X(60, "OSD_RECOVERY_DELETES", "osd_recovery_deletes") \
  X(61, "CEPHX_V2", "cephx_v2") \
  X(62, "RESERVED", "reserved") \
  R(63)
