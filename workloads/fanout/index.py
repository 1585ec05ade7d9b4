"""Fans each webhook event out to the default queue, one message per event.

A failed record is reported alone (partial batch response), so SQS retries
only it and, after the queue's maxReceiveCount, moves it to the dead-letter
queue.
"""
import json
import os

import boto3

sqs = boto3.client("sqs")


def handler(event, _context):
    failures = []
    for record in event.get("Records", []):
        try:
            payload = json.loads(record["body"])
            for item in payload.get("events", [payload]):
                sqs.send_message(QueueUrl=os.environ["QUEUE_DEFAULT_URL"], MessageBody=json.dumps(item))
        except Exception:  # one bad record must not fail the batch
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
