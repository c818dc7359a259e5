-- lockstep co-action hits: the expensive self-join of `lockstep analyze`, as plain SQL.
--
-- Input: the `events` table written by `lockstep prepare` (Parquet, Hive-partitioned by day):
--   signal  STRING  one of text_near, text_exact, url, domain, media, hashtags, reshare, reply
--   object  BIGINT  the shared object (text group, URL, domain, picture, tag, target post)
--   time    BIGINT  ms since the Unix epoch, UTC
--   account BIGINT  account number (lockstep's interned id)
--   post    BIGINT  post number (lockstep's interned id)
--   cap_ms  BIGINT  the longest window this object may get (short generic texts are capped)
--
-- Output: one row per (signal, object, account pair) whose uses fall within the object's
-- window: the pair (lo < hi), the object's distinct users k, the smallest gap and the two
-- posts behind it. This is exactly what lockstep's in-memory `graph::coaction::hits` finds;
-- lockstep reads it back and runs act selection, significance, clustering and the report.
--
-- Placeholders (in the query, a dollar sign and the name in braces), filled in by lockstep
-- or by hand for Spark:
--   <RULES>        a query of one row per signal in use: (signal, span_ms, min_ms, max_ms).
--                  An object of k users gets the window
--                  clamp(span_ms / k, min_ms, max(min_ms, min(cap_ms, max_ms))),
--                  written with GREATEST and LEAST; a fixed window W is the row (0, W, W).
--   <K>            neighbour bound: each use pairs with at most the K next uses of its object
--   <CROWD_LIMIT>  objects with more distinct users are skipped as crowds
--
-- Why it cannot blow up on a hot object: uses of an object are numbered by time (rank rk)
-- and cut into buckets of K consecutive uses; a use meets only its own bucket and the next,
-- an equi-join on (signal, object, bucket). Every use meets at most 2K candidates, so the
-- join is O(E * K) however popular one object is.
--
-- Integer division: `/` on BIGINT truncates in DataFusion and Ballista. On Spark write
-- `div` instead of `/` in `sized` and `bucketed` (Spark's `/` returns a double).
WITH rules AS (
  ${RULES}
),
ev AS (
  SELECT e.signal, e.object, e.time, e.account, e.post, e.cap_ms
  FROM events e JOIN rules r ON e.signal = r.signal
),
-- cap_ms is one value per object: grouped by, not MIN(cap_ms). DataFusion 55 gives a window
-- computed from that (nullable) aggregate one nullability in the logical plan and another in
-- the physical one, and refuses the statistics query ("Physical input schema should be the
-- same as the one converted from logical input schema").
objects AS (
  SELECT signal, object, COUNT(DISTINCT account) AS k, cap_ms
  FROM ev
  GROUP BY signal, object, cap_ms
),
sized AS (
  SELECT o.signal, o.object, o.k, 
         GREATEST(r.min_ms,
                  LEAST(r.span_ms / o.k,
                        GREATEST(LEAST(o.cap_ms, r.max_ms), r.min_ms))) AS window_ms
  FROM objects o JOIN rules r ON o.signal = r.signal
  WHERE o.k >= 2 AND o.k <= ${CROWD_LIMIT}
),
ranked AS (
  SELECT e.signal, e.object, e.time, e.account, e.post, s.k, s.window_ms,
         CAST(ROW_NUMBER() OVER (PARTITION BY e.signal, e.object
                                 ORDER BY e.time, e.account, e.post) AS BIGINT) - 1 AS rk
  FROM ev e JOIN sized s ON e.signal = s.signal AND e.object = s.object
),
bucketed AS (
  SELECT signal, object, time, account, post, k, window_ms, rk, rk / ${K} AS bucket
  FROM ranked
),
probe AS (
  SELECT signal, object, time, account, post, k, window_ms, rk, bucket AS target
  FROM bucketed
  UNION ALL
  SELECT signal, object, time, account, post, k, window_ms, rk, bucket + 1 AS target
  FROM bucketed
),
candidates AS (
  SELECT i.signal, i.object, i.k,
         LEAST(i.account, j.account) AS lo,
         GREATEST(i.account, j.account) AS hi,
         CASE WHEN i.account < j.account THEN i.post ELSE j.post END AS post_lo,
         CASE WHEN i.account < j.account THEN j.post ELSE i.post END AS post_hi,
         j.time - i.time AS lag_ms
  FROM probe i JOIN bucketed j
    ON i.signal = j.signal AND i.object = j.object AND i.target = j.bucket
  WHERE j.rk > i.rk AND j.rk <= i.rk + ${K}
    AND j.time - i.time <= i.window_ms
    AND i.account <> j.account
),
best AS (
  SELECT signal, object, lo, hi, k, lag_ms, post_lo, post_hi,
         ROW_NUMBER() OVER (PARTITION BY signal, object, lo, hi
                            ORDER BY LEAST(lag_ms, 4294967295), post_lo, post_hi) AS nth
  FROM candidates
)
SELECT signal, object, lo, hi, k, lag_ms, post_lo, post_hi
FROM best
WHERE nth = 1
