-- lockstep co-action statistics per signal: what the events hold and what the bounds left
-- out (the `graph` section of the report). Same input and placeholders as
-- coaction_hits.sql, plus <K_PLUS_1> = K + 1.
--
-- A use is truncated when its K next uses all fall within the window and a (K+1)-th does
-- too: pairs beyond the K-th were not formed. LEAD by a constant offset finds it without a
-- join.
--
-- On Spark write `div` instead of `/` in `sized`.
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
  SELECT signal, object, COUNT(DISTINCT account) AS k, COUNT(*) AS n, cap_ms
  FROM ev
  GROUP BY signal, object, cap_ms
),
sized AS (
  SELECT o.signal, o.object, 
         GREATEST(r.min_ms,
                  LEAST(r.span_ms / o.k,
                        GREATEST(LEAST(o.cap_ms, r.max_ms), r.min_ms))) AS window_ms
  FROM objects o JOIN rules r ON o.signal = r.signal
  WHERE o.k >= 2 AND o.k <= ${CROWD_LIMIT}
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
