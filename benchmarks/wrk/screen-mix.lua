-- wrk script: a mix of /v1/screen requests, all built once in init() so that wrk spends its
-- time sending, not formatting. Drama numbers only (Ofcom 07700 900xxx, 0113 496 0xxx,
-- 020 7946 0xxx, 01632 960xxx), written as switches send them: national, +44, spaced, 00.
local requests = {}
local n = 0

function init(args)
  local numbers = {
    "07700900123",          -- blocked nationally
    "07700900456",
    "%2B447700900457",
    "07700%20900%20458",
    "00447700900459",
    "01134960456",          -- blocked nationally
    "01134960457",
    "02079460789",          -- blocked at HULL
    "02079460790",
    "01632960321",          -- blocked for PIN 1234
    "01632960322",
    "07700900999",
    "0770090012",           -- too short: INVALID_NUMBER
    "07700900460",
    "07700900461",
    "07700900462",
  }
  local pins = { "1234", "5678", "A-1000", "0042" }
  local i = 0
  for _, num in ipairs(numbers) do
    for _, pin in ipairs(pins) do
      i = i + 1
      requests[i] = wrk.format("GET", "/v1/screen?pin=" .. pin .. "&number=" .. num)
    end
  end
  n = i
end

local k = 0
function request()
  k = k + 1
  if k > n then k = 1 end
  return requests[k]
end
