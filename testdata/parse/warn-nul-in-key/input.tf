# A key with a NUL character: karpgen keeps keys as C strings, so it says what
# it reads the key as (a warning) instead of changing it silently.
tags = { "team\u0000x" = "data", "ok" = "yes" }
