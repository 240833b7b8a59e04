print("intake")
