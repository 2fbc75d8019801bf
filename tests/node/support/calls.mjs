// Every SDK method that returns a promise, with a value `v` in each argument position in turn;
// the hostile-input and property suites feed these the values they make.

/** A well-formed sequence id, for the positions around the one under test. */
export const SEQ = "seq_00000000-0000-4000-8000-000000000000";

/** label -> (sequences, v) => promise */
export const everyArgument = {
  "list(v)": (s, v) => s.list(v),
  "list(_, v)": (s, v) => s.list({ limit: 1 }, v),
  "list(_, _, v)": (s, v) => s.list({ limit: 1 }, {}, v),
  "get(v)": (s, v) => s.get(v),
  "get(_, v)": (s, v) => s.get(SEQ, v),
  "patch(_, v)": (s, v) => s.patch(SEQ, v),
  "patch(_, {attributes: v})": (s, v) => s.patch(SEQ, { attributes: v }),
  "delete(v)": (s, v) => s.delete(v),
  "delete(_, v)": (s, v) => s.delete(SEQ, v),
  "bulkUpdate(v)": (s, v) => s.bulkUpdate(v),
  "bulkUpdate([v])": (s, v) => s.bulkUpdate([v]),
  "bulkUpdate([{assetId, sequence: v}])": (s, v) => s.bulkUpdate([{ assetId: "asset_1", sequence: v }]),
  "bulkUpdate([], v)": (s, v) => s.bulkUpdate([], v),
  "bulkUpdate([], _, v)": (s, v) => s.bulkUpdate([], "None", v),
};
