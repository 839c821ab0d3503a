-- catalog_search.lua - wrk script for bench/catalog_search.sh: every request
-- is the next of a fixed rotation of catalog searches (long and short words,
-- words found in names and in materials, filters, browsing), so that no
-- single query's cost decides the figures. Each wrk thread rotates on its own.
local queries = {
  "q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7",                 -- 营业执照 (names, materials)
  "q=%E5%B1%85%E6%B0%91%E8%BA%AB%E4%BB%BD%E8%AF%81",        -- 居民身份证 (mostly materials)
  "q=%E7%A4%BE%E4%BF%9D",                                   -- 社保 (2 characters)
  "q=%E4%B8%8D%E5%8A%A8%E4%BA%A7",                          -- 不动产
  "q=%E5%85%AC%E7%A7%AF%E9%87%91",                          -- 公积金
  "q=%E6%AE%8B%E7%96%BE%E4%BA%BA%E8%AF%81",                 -- 残疾人证
  "q=%E9%A3%9F%E5%93%81%E7%BB%8F%E8%90%A5%E8%AE%B8%E5%8F%AF", -- 食品经营许可
  "q=%E5%87%BA%E7%94%9F",                                   -- 出生 (2 characters)
  "q=%E9%80%80%E4%BC%91",                                   -- 退休 (2 characters)
  "q=%E8%AE%B8%E5%8F%AF%E8%AF%81&department_id=1",          -- 许可证, one department
  "q=%E5%85%BB%E8%80%81%E4%BF%9D%E9%99%A9",                 -- 养老保险
  "q=%E8%A1%A5%E5%8A%9E",                                   -- 补办 (2 characters)
  "q=%E9%A9%BE%E9%A9%B6%E8%AF%81",                          -- 驾驶证
  "q=%E8%AE%BE%E7%AB%8B%E7%99%BB%E8%AE%B0&tier=township",   -- 设立登记 at township centres
  "depth=4&type=licensing",                                 -- browse: filters only
  "life_event=birth",                                       -- browse a life event
  "q=%E6%88%B7%E5%8F%A3",                                   -- 户口 (2 characters)
  "q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%E8%A1%A5%E9%A2%86", -- 营业执照 补领 (mixed)
  "q=%E5%8F%91%E7%A5%A8",                                   -- 发票 (2 characters)
  "",                                                       -- the first page of everything
}
local i = 0

request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/api/v1/catalog/items?" .. queries[i])
end
