SELECT servicename,
       x_servicecode,
       chargecategory,
       commitmentdiscountstatus,
       commitmentdiscounttype,
       resourceid,
       regionid,
       x_usagetype,
       consumedunit,
       chargedescription,
       SUM(consumedquantity) AS consumedquantity,
       SUM(billedcost) AS billedcost
FROM cid_data_export.focus
WHERE billing_period = '2024-09'
  AND (servicename = 'AWS Lambda'
       OR x_servicecode = 'AWSLambda'
       OR (servicename = 'Amazon CloudFront'
           AND (x_usagetype LIKE '%Lambda-Edge%' OR chargedescription LIKE '%Lambda-Edge%')))
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
