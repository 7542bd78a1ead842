SELECT line_item_product_code,
       line_item_line_item_type,
       line_item_resource_id,
       line_item_usage_type,
       product_region_code,
       line_item_line_item_description,
       SUM(line_item_usage_amount) AS line_item_usage_amount,
       SUM(line_item_unblended_cost) AS line_item_unblended_cost
FROM cid_data_export.cur2
WHERE billing_period = '2026-11'
  AND line_item_product_code = 'AWSLambda'
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6
