-- POST /api/queues/{q}/tasks/batch with N tasks (default 100), each payload about 200 bytes of JSON.
-- Usage: wrk -s batch.lua http://127.0.0.1:PORT/api/queues/QUEUE/tasks/batch -- N
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
require "statuses"

local payload = '{"orderId":"ord-000123456","customer":{"id":"cus-98765","email":"someone@example.com"},' ..
  '"items":[{"sku":"SKU-1001","qty":2,"price":19.99},{"sku":"SKU-2002","qty":1,"price":5.49}],' ..
  '"note":"leave at the front door"}'

function init(args)
  statuses = {}
  local n = tonumber(args[1] or "100")
  local tasks = {}
  for i = 1, n do tasks[i] = '{"payload":' .. payload .. '}' end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("WARREN_KEY")
  wrk.body = '{"tasks":[' .. table.concat(tasks, ",") .. ']}'
end
