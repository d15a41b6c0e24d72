// The software volume QEMU 7.2's audio mixer applies to a voice (audio/mixeng.c with
// FLOAT_MIXENG): a signed 16-bit sample becomes s / 32767.5f, is multiplied by the
// voice's volume (level / 255.0f, or 0 when muted) and goes back as the float times
// 32767.5f truncated toward zero, clipped to [-32768, 32767]. At full volume this gives
// every sample back unchanged; sound devices use it so their output has QEMU's samples.
#pragma once

#include "core/common/types.h"

namespace bw {

struct QemuVolume {
    bool mute = false;
    float left = 1.0f, right = 1.0f;

    // Levels 0..255 as AUD_set_volume_out takes them.
    static QemuVolume from_levels(bool mute, u8 lvol, u8 rvol) {
        QemuVolume v;
        v.mute = mute;
        v.left = 1.0f * lvol / 255;
        v.right = 1.0f * rvol / 255;
        return v;
    }

    i16 apply_left(i16 s) const { return apply(s, left); }
    i16 apply_right(i16 s) const { return apply(s, right); }

  private:
    i16 apply(i16 s, float vol) const {
        if (mute) return 0;
        constexpr float kHalfRange = 32767.5f;
        float v = s / kHalfRange * vol;
        if (v >= 1.f) return 32767;
        if (v < -1.f) return -32768;
        return i16(v * kHalfRange);
    }
};

}  // namespace bw
