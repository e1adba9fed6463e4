-- POST /api/queues/{q}/tasks with one task whose payload is about 200 bytes of JSON.
-- Usage: wrk -s single.lua http://127.0.0.1:PORT/api/queues/QUEUE/tasks
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
require "statuses"

local payload = '{"orderId":"ord-000123456","customer":{"id":"cus-98765","email":"someone@example.com"},' ..
  '"items":[{"sku":"SKU-1001","qty":2,"price":19.99},{"sku":"SKU-2002","qty":1,"price":5.49}],' ..
  '"note":"leave at the front door"}'

function init(args)
  statuses = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("WARREN_KEY")
  wrk.body = '{"payload":' .. payload .. '}'
end
