// A host file behind a PcapDump (-net dump,file=PATH[,len=N]).
#pragma once

#include <memory>
#include <string>

#include "core/net/pcap_dump.h"

namespace bw {

// Creates (truncates) |path| and returns a PcapDump writing to it; each record is
// flushed so the file is readable while the guest runs. Null + |error| if the file
// cannot be created.
std::unique_ptr<PcapDump> open_pcap_file(const std::string& path, const Scheduler& scheduler,
                                         u32 snaplen, std::string* error);

}  // namespace bw
