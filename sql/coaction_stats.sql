-- lockstep co-action statistics per signal: what the events hold and what the bounds left
-- out (the `graph` section of the report). Same input and placeholders as
-- coaction_hits.sql, plus <K_PLUS_1> = K + 1.
--
-- A use is truncated when its K next uses all fall within the window and a (K+1)-th does
-- too: pairs beyond the K-th were not formed. LEAD by a constant offset finds it without a
-- join.
--
-- On Spark write `div` instead of `/` in `capped`.
WITH rules AS (
  ${RULES}
),
ev AS (
  SELECT e.signal, e.object, e.time, e.account, e.post, e.cap_ms
  FROM events e JOIN rules r ON e.signal = r.signal
),
objects AS (
  SELECT signal, object, COUNT(DISTINCT account) AS k, COUNT(*) AS n, MIN(cap_ms) AS cap_ms
  FROM ev
  GROUP BY signal, object
),
capped AS (
  SELECT o.signal, o.object, o.k, r.fixed_ms, r.span_ms / o.k AS rarity_ms, r.min_ms,
         CASE WHEN o.cap_ms < r.max_ms THEN o.cap_ms ELSE r.max_ms END AS max_ms
  FROM objects o JOIN rules r ON o.signal = r.signal
  WHERE o.k >= 2 AND o.k <= ${CROWD_LIMIT}
),
sized AS (
  SELECT signal, object,
         CASE
           WHEN fixed_ms >= 0 THEN fixed_ms
           WHEN rarity_ms < min_ms THEN min_ms
           WHEN rarity_ms > max_ms AND max_ms >= min_ms THEN max_ms
           WHEN rarity_ms > max_ms THEN min_ms
           ELSE rarity_ms
         END AS window_ms
  FROM capped
),
ranked AS (
  SELECT e.signal, e.time, s.window_ms,
         LEAD(e.time, ${K_PLUS_1}) OVER (PARTITION BY e.signal, e.object
                                        ORDER BY e.time, e.account, e.post) AS far_time
  FROM ev e JOIN sized s ON e.signal = s.signal AND e.object = s.object
),
truncation AS (
  SELECT signal,
         SUM(CASE WHEN far_time IS NOT NULL AND far_time - time <= window_ms
                  THEN 1 ELSE 0 END) AS truncated_events
  FROM ranked
  GROUP BY signal
),
totals AS (
  SELECT signal,
         SUM(n) AS events,
         COUNT(*) AS objects,
         SUM(CASE WHEN k >= 2 THEN 1 ELSE 0 END) AS shared_objects,
         SUM(CASE WHEN k > ${CROWD_LIMIT} THEN 1 ELSE 0 END) AS crowd_objects,
         SUM(CASE WHEN k > ${CROWD_LIMIT} THEN n ELSE 0 END) AS crowd_events
  FROM objects
  GROUP BY signal
)
SELECT t.signal, t.events, t.objects, t.shared_objects, t.crowd_objects, t.crowd_events,
       COALESCE(u.truncated_events, 0) AS truncated_events
FROM totals t LEFT JOIN truncation u ON t.signal = u.signal
