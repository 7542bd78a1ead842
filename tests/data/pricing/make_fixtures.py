#!/usr/bin/env python3
"""Writes the offer-file fixtures of tests/pricing.rs, by hand from AWS's documented layout (AWS Billing User
Guide, "Reading the service price list file for an AWS service"): an AWSLambda offer fragment (JSON and CSV)
whose us-east-1 prices are the built-in book's us-east-1 section, and an AmazonEC2 fragment (JSON and CSV) with
a few Lambda Managed Instances types and the products an import must leave out.

SKUs: WRKYMVM4XSRFFQ7B, W3GTWG4PTZMXZ4F2 (SnapStart), GU2ZS9HVP6QTQ7KE (Request), NQA9ZMGJKNJQT78E and
UMUS4AT5S27NHYZQ (Edge) are the ones pricing/aws-lambda.toml cites; every SKU starting FIX is made up for the
fixture. The EC2 hourly prices are fixture values, not a source. Run from this folder: python3 make_fixtures.py
"""
import csv, gzip, io, json

PUB = "2026-09-19T20:33:14Z"
VERSION = "20260919203314"
EFFECTIVE = "2026-09-01T00:00:00Z"
NVA = ("us-east-1", "US East (N. Virginia)")
OHIO = ("us-east-2", "US East (Ohio)")

# (sku, region, usagetype, group, unit, [(begin, end, usd)])
LAMBDA = [
    ("GU2ZS9HVP6QTQ7KE", NVA, "Request", "AWS-Lambda-Requests", "Requests", [("0", "Inf", "0.0000002000")]),
    ("FIXREQARM0000001", NVA, "Request-ARM", "AWS-Lambda-Requests-ARM", "Requests", [("0", "Inf", "0.0000002000")]),
    ("FIXGBSX860000001", NVA, "Lambda-GB-Second", "AWS-Lambda-Duration", "Lambda-GB-Second", [
        ("0", "6000000000", "0.0000166667000"),
        ("6000000000", "15000000000", "0.0000150000000"),
        ("15000000000", "Inf", "0.0000133334000")]),
    ("FIXGBSARM0000001", NVA, "Lambda-GB-Second-ARM", "AWS-Lambda-Duration-ARM", "Lambda-GB-Second", [
        ("0", "7500000000", "0.0000133334000"),
        ("7500000000", "18750000000", "0.0000120001000"),
        ("18750000000", "Inf", "0.0000106667000")]),
    ("FIXPCX860000001", NVA, "Lambda-Provisioned-Concurrency", "AWS-Lambda-Provisioned-Concurrency", "Lambda-GB-Second", [("0", "Inf", "0.0000041667")]),
    ("FIXPCARM00000001", NVA, "Lambda-Provisioned-Concurrency-ARM", "AWS-Lambda-Provisioned-Concurrency-ARM", "Lambda-GB-Second", [("0", "Inf", "0.0000033334")]),
    ("FIXPDX8600000001", NVA, "Lambda-Provisioned-GB-Second", "AWS-Lambda-Duration-Provisioned", "Lambda-GB-Second", [("0", "Inf", "0.0000097222")]),
    ("FIXPDARM00000001", NVA, "Lambda-Provisioned-GB-Second-ARM", "AWS-Lambda-Duration-Provisioned-ARM", "Lambda-GB-Second", [("0", "Inf", "0.0000077778")]),
    ("FIXSTX8600000001", NVA, "Lambda-Storage-GB-Second", "AWS-Lambda-Storage-Duration", "GB-Seconds", [("0", "Inf", "0.0000000309")]),
    ("FIXSTARM00000001", NVA, "Lambda-Storage-GB-Second-ARM", "AWS-Lambda-Storage-Duration-ARM", "GB-Seconds", [("0", "Inf", "0.0000000309")]),
    ("WRKYMVM4XSRFFQ7B", NVA, "Lambda-SnapStart-Cached-GB-S", "AWS-Lambda-SnapStart-Cache", "GB-Seconds", [("0", "Inf", "0.0000015046")]),
    ("W3GTWG4PTZMXZ4F2", NVA, "Lambda-SnapStart-Restored-GB", "AWS-Lambda-SnapStart-Restore", "GB", [("0", "Inf", "0.0001397998")]),
    ("NQA9ZMGJKNJQT78E", NVA, "Lambda-Edge-Request", "AWS-Lambda-Edge-Requests", "Requests", [("0", "Inf", "0.0000006000")]),
    ("UMUS4AT5S27NHYZQ", NVA, "Lambda-Edge-GB-Second", "AWS-Lambda-Edge-Duration", "Lambda-GB-Second", [("0", "Inf", "0.0000500100")]),
    # Not in the book: the free tier's usage type and a charge coldcost does not model.
    ("FIXFREE000000001", NVA, "Global-Request", "AWS-Lambda-Requests", "Requests", [("0", "Inf", "0.0000000000")]),
    ("FIXSTREAM0000001", NVA, "Lambda-Streaming-Response-Processed-Bytes", "AWS-Lambda-Streaming", "GB", [("0", "Inf", "0.0080000000")]),
    # Outside us-east-1 the usage type carries a region prefix; the region comes from regionCode.
    ("FIXUSE2REQ000001", OHIO, "USE2-Request", "AWS-Lambda-Requests", "Requests", [("0", "Inf", "0.0000002000")]),
    ("FIXUSE2GBS000001", OHIO, "USE2-Lambda-GB-Second", "AWS-Lambda-Duration", "Lambda-GB-Second", [
        ("0", "6000000000", "0.0000166667000"),
        ("6000000000", "15000000000", "0.0000150000000"),
        ("15000000000", "Inf", "0.0000133334000")]),
]

# (sku, instance, vcpu, memory, os, tenancy, preinstalled, capacity, usd)
EC2 = [
    ("FIXEC2C7GXL00001", "c7g.xlarge", "4", "8 GiB", "Linux", "Shared", "NA", "Used", "0.1450000000"),
    ("FIXEC2M7GXL00001", "m7g.xlarge", "4", "16 GiB", "Linux", "Shared", "NA", "Used", "0.1632000000"),
    ("FIXEC2C7IXL00001", "c7i.xlarge", "4", "8 GiB", "Linux", "Shared", "NA", "Used", "0.1785000000"),
    ("FIXEC2R8G2XL0001", "r8g.2xlarge", "8", "64 GiB", "Linux", "Shared", "NA", "Used", "0.4713000000"),
    # Left out: another OS, dedicated tenancy, pre-installed software, a capacity reservation, other families.
    ("FIXEC2WIN0000001", "c7g.xlarge", "4", "8 GiB", "Windows", "Shared", "NA", "Used", "0.3290000000"),
    ("FIXEC2DED0000001", "c7g.xlarge", "4", "8 GiB", "Linux", "Dedicated", "NA", "Used", "0.1595000000"),
    ("FIXEC2SQL0000001", "c7g.xlarge", "4", "8 GiB", "Linux", "Shared", "SQL Web", "Used", "0.2100000000"),
    ("FIXEC2UCR0000001", "c7g.xlarge", "4", "8 GiB", "Linux", "Shared", "NA", "UnusedCapacityReservation", "0.1450000000"),
    ("FIXEC2C7GD000001", "c7gd.xlarge", "4", "8 GiB", "Linux", "Shared", "NA", "Used", "0.1814000000"),
    ("FIXEC2T3MICRO001", "t3.micro", "2", "1 GiB", "Linux", "Shared", "NA", "Used", "0.0104000000"),
]

def ondemand(sku, dims, unit, desc):
    code = "JRTCKXETXF"
    return {f"{sku}.{code}": {
        "offerTermCode": code, "sku": sku, "effectiveDate": EFFECTIVE, "termAttributes": {},
        "priceDimensions": {
            f"{sku}.{code}.{i}": {"rateCode": f"{sku}.{code}.{i}", "description": desc, "beginRange": b,
                                  "endRange": e, "unit": unit, "pricePerUnit": {"USD": usd}, "appliesTo": []}
            for i, (b, e, usd) in enumerate(dims)}}}

def lambda_json():
    products, terms = {}, {}
    for sku, (code, loc), ut, group, unit, dims in LAMBDA:
        products[sku] = {"sku": sku, "productFamily": "Serverless", "attributes": {
            "servicecode": "AWSLambda", "location": loc, "locationType": "AWS Region", "group": group,
            "groupDescription": group, "usagetype": ut, "operation": "", "regionCode": code,
            "servicename": "AWS Lambda"}}
        terms[sku] = ondemand(sku, dims, unit, f"{ut} fixture")
    return {"formatVersion": "v1.0", "disclaimer": "Fixture built by coldcost from AWS's documented layout.",
            "offerCode": "AWSLambda", "version": VERSION, "publicationDate": PUB,
            "products": products, "terms": {"OnDemand": terms}}

def ec2_json():
    products, terms, reserved = {}, {}, {}
    for sku, inst, vcpu, mem, os_, ten, sw, cap, usd in EC2:
        products[sku] = {"sku": sku, "productFamily": "Compute Instance", "attributes": {
            "servicecode": "AmazonEC2", "location": NVA[1], "locationType": "AWS Region", "instanceType": inst,
            "currentGeneration": "Yes", "instanceFamily": "Compute optimized", "vcpu": vcpu, "memory": mem,
            "tenancy": ten, "operatingSystem": os_, "licenseModel": "No License required",
            "usagetype": f"BoxUsage:{inst}", "operation": "RunInstances", "capacitystatus": cap,
            "preInstalledSw": sw, "regionCode": NVA[0], "marketoption": "OnDemand", "servicename": "Amazon Elastic Compute Cloud"}}
        terms[sku] = ondemand(sku, [("0", "Inf", usd)], "Hrs", f"${usd} per On Demand {os_} {inst} Instance Hour")
        reserved[sku] = {f"{sku}.4NA7Y494T4": {"offerTermCode": "4NA7Y494T4", "sku": sku, "effectiveDate": EFFECTIVE,
            "priceDimensions": {f"{sku}.4NA7Y494T4.6YS6EN2CT7": {"unit": "Hrs", "pricePerUnit": {"USD": "0.0910000000"}}},
            "termAttributes": {"LeaseContractLength": "1yr", "OfferingClass": "standard", "PurchaseOption": "No Upfront"}}}
    return {"formatVersion": "v1.0", "disclaimer": "Fixture built by coldcost from AWS's documented layout.",
            "offerCode": "AmazonEC2", "version": VERSION, "publicationDate": PUB,
            "products": products, "terms": {"OnDemand": terms, "Reserved": reserved}}

def csv_text(offer, header, rows):
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for k, v in [("FormatVersion", "v1.0"), ("Disclaimer", "Fixture built by coldcost from AWS's documented layout."),
                 ("Publication Date", PUB), ("Version", VERSION), ("OfferCode", offer)]:
        w.writerow([k, v])
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()

PRICE_COLS = ["SKU", "OfferTermCode", "RateCode", "TermType", "PriceDescription", "EffectiveDate", "StartingRange",
              "EndingRange", "Unit", "PricePerUnit", "Currency"]

def lambda_csv():
    header = PRICE_COLS + ["Product Family", "serviceCode", "Location", "Location Type", "Group", "Group Description",
                           "usageType", "operation", "Region Code", "serviceName"]
    rows = []
    for sku, (code, loc), ut, group, unit, dims in LAMBDA:
        for i, (b, e, usd) in enumerate(dims):
            rows.append([sku, "JRTCKXETXF", f"{sku}.JRTCKXETXF.{i}", "OnDemand", f"{ut} fixture", EFFECTIVE, b, e, unit,
                         usd, "USD", "Serverless", "AWSLambda", loc, "AWS Region", group, group, ut, "", code, "AWS Lambda"])
    return csv_text("AWSLambda", header, rows)

def ec2_csv():
    header = PRICE_COLS + ["RelatedTo", "LeaseContractLength", "PurchaseOption", "OfferingClass", "Product Family",
                           "serviceCode", "Location", "Location Type", "Instance Type", "Current Generation", "vCPU",
                           "Memory", "Tenancy", "Operating System", "License Model", "usageType", "operation",
                           "CapacityStatus", "Pre Installed S/W", "Region Code", "MarketOption"]
    rows = []
    for sku, inst, vcpu, mem, os_, ten, sw, cap, usd in EC2:
        tail = ["Compute Instance", "AmazonEC2", NVA[1], "AWS Region", inst, "Yes", vcpu, mem, ten, os_,
                "No License required", f"BoxUsage:{inst}", "RunInstances", cap, sw, NVA[0], "OnDemand"]
        rows.append([sku, "JRTCKXETXF", f"{sku}.JRTCKXETXF.0", "OnDemand", "fixture", EFFECTIVE, "0", "Inf", "Hrs", usd,
                     "USD", "", "", "", ""] + tail)
        rows.append([sku, "4NA7Y494T4", f"{sku}.4NA7Y494T4.6YS6EN2CT7", "Reserved", "fixture", EFFECTIVE, "", "", "Hrs",
                     "0.0910000000", "USD", "", "1yr", "No Upfront", "standard"] + tail)
    return csv_text("AmazonEC2", header, rows)

def write(name, text):
    with open(name, "w", newline="") as f:
        f.write(text)

write("AWSLambda.json", json.dumps(lambda_json(), indent=2) + "\n")
write("AWSLambda.csv", lambda_csv())
write("AmazonEC2.json", json.dumps(ec2_json(), indent=2) + "\n")
write("AmazonEC2.csv", ec2_csv())
with open("AWSLambda.json", "rb") as f, gzip.GzipFile("AWSLambda.json.gz", "wb", mtime=0) as g:
    g.write(f.read())
with open("AmazonEC2.json", "rb") as f, gzip.GzipFile("AmazonEC2.json.gz", "wb", mtime=0) as g:
    g.write(f.read())
with open("AWSLambda.csv", "rb") as f, gzip.GzipFile("AWSLambda.csv.gz", "wb", mtime=0) as g:
    g.write(f.read())
